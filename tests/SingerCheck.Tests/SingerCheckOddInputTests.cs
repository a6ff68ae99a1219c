using FluentAssertions;
using SingerNet.Tests;
using Xunit;

namespace SingerCheck.Tests;

/// <summary>singer-check on nearly-right messages: a lower-case type is named on every line it drops.</summary>
public sealed class SingerCheckOddInputTests
{
    [Fact]
    public async Task Run_LowercaseRecordType_WarnsOnEachLineThatRecordWasMeant()
    {
        var stream = """
            {"type": "SCHEMA", "stream": "s", "schema": {"properties": {"id": {"type": "integer"}}}, "key_properties": ["id"]}
            {"type": "record", "stream": "s", "record": {"id": 1}}
            {"type": "record", "stream": "s", "record": {"id": 2}}
            """;

        var result = await Executable.RunAsync("singer-check", [], stdin: stream);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "WARNING line 2: message type 'record' is not part of the Singer spec (RECORD was probably meant: message types are case-sensitive); ignored",
            "WARNING line 3: message type 'record' is not part of the Singer spec (RECORD was probably meant: message types are case-sensitive); ignored");
        result.Stdout.Should().MatchRegex(@"(?m)^s\s+0\s+1\s+0\s+0$");
    }
}
