using FluentAssertions;
using SingerNet.Tests;
using Xunit;

namespace SingerCheck.Tests;

/// <summary>singer-check run as a process, on real streams recorded from the Python tap-mysql and on broken ones.</summary>
public sealed class SingerCheckProcessTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "python-tap-mysql", name);

    [Fact]
    public async Task Run_PythonTapMysqlTypesStream_AcceptsAndSummarizes()
    {
        var result = await Executable.RunAsync("singer-check", [Fixture("tap-mysql-types-full.singer")]);

        result.Stderr.Should().BeEmpty();
        result.ExitCode.Should().Be(0);
        var lines = result.Stdout.Split('\n');
        lines[0].Should().Be("OK: 10 lines, 1 stream(s), 4 STATE message(s)");
        lines[2].Should().MatchRegex(@"^types\s+3\s+1\s+2\s+0$");
        lines[3].Should().Be("last STATE: {\"currently_syncing\":null,\"bookmarks\":{\"bench-types\":{\"initial_full_table_complete\":true}}}");
    }

    [Theory]
    [InlineData("tap-mysql-types_zero-full.singer", "types_zero", 3)]
    [InlineData("tap-mysql-bits-full.singer", "bits", 3)]
    [InlineData("orders-incremental-rerun.singer", "orders", 1001)]
    [InlineData("tap-mysql-types-logbased-run2.singer", "types", 5)]
    public async Task Run_PythonTapMysqlStreams_AcceptsEveryRecord(string file, string stream, int records)
    {
        var result = await Executable.RunAsync("singer-check", [Fixture(file)]);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().StartWith("OK: ");
        result.Stdout.Should().MatchRegex($@"(?m)^{stream}\s+{records}\s");
    }

    [Fact]
    public async Task Run_StreamOnStdin_ReadsStdin()
    {
        var stream = """
            {"type": "SCHEMA", "stream": "s", "schema": {"properties": {"id": {"type": "integer"}}}, "key_properties": ["id"]}
            {"type": "RECORD", "stream": "s", "record": {"id": 1}}
            {"type": "RECORD", "stream": "s", "record": {"id": 2}}
            """;

        var result = await Executable.RunAsync("singer-check", [], stdin: stream);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().MatchRegex(@"(?m)^s\s+2\s+1\s+0\s+0$");
        result.Stdout.Should().Contain("last STATE: (none)");
    }

    [Fact]
    public async Task Run_RecordBeforeSchema_ReportsLineAndExits1()
    {
        var stream = """
            {"type": "STATE", "value": {}}
            {"type": "RECORD", "stream": "orders", "record": {"id": 1}}
            """;

        var result = await Executable.RunAsync("singer-check", [], stdin: stream);

        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Should().Be("line 2: stream 'orders': RECORD before any SCHEMA for this stream");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Run_MalformedJson_ReportsLineAndExits1()
    {
        var stream = "{\"type\": \"SCHEMA\", \"stream\": \"s\", \"schema\": {}, \"key_properties\": []}\n\n{\"type\": \"RECORD\", \"stream\": \"s\", \"record\": {\"id\": 1,}}\n";

        var result = await Executable.RunAsync("singer-check", [], stdin: stream);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().StartWith("line 3: invalid JSON");
    }

    [Fact]
    public async Task Run_ValueBreaksSchema_NamesLineStreamAndField()
    {
        var lines = await File.ReadAllLinesAsync(Fixture("tap-mysql-types-full.singer"));
        lines[5] = lines[5].Replace("\"c_tinyint\": 127", "\"c_tinyint\": 300", StringComparison.Ordinal);

        var result = await Executable.RunAsync("singer-check", [], stdin: string.Join('\n', lines));

        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Should().Be("line 6: stream 'types': field 'c_tinyint': 300 is greater than the maximum 127");
    }

    [Fact]
    public async Task Run_DecimalNotMultipleOfScale_Rejected()
    {
        var stream = """
            {"type": "SCHEMA", "stream": "o", "schema": {"properties": {"amount": {"type": ["null", "number"], "multipleOf": 0.01}}}, "key_properties": []}
            {"type": "RECORD", "stream": "o", "record": {"amount": 17195.83}}
            {"type": "RECORD", "stream": "o", "record": {"amount": 17195.833}}
            """;

        var result = await Executable.RunAsync("singer-check", [], stdin: stream);

        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Should().Be("line 3: stream 'o': field 'amount': 17195.833 is not a multiple of 0.01");
    }

    [Fact]
    public async Task Run_KeyPropertyNotInSchema_Rejected()
    {
        var stream = """{"type": "SCHEMA", "stream": "o", "schema": {"properties": {"id": {"type": "integer"}}}, "key_properties": ["order_id"]}""";

        var result = await Executable.RunAsync("singer-check", [], stdin: stream);

        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Should().Be("line 1: stream 'o': key property 'order_id' is not in the schema's properties");
    }

    [Fact]
    public async Task Run_StateValueNotObject_Rejected()
    {
        var result = await Executable.RunAsync("singer-check", [], stdin: "{\"type\": \"STATE\", \"value\": [1, 2]}\n");

        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Should().Be("line 1: 'value' must be an object, found an array");
    }

    [Fact]
    public async Task Run_AllFlag_ListsEveryErrorThenSummary()
    {
        var stream = """
            {"type": "RECORD", "stream": "a", "record": {"id": 1}}
            {"type": "SCHEMA", "stream": "a", "schema": {"properties": {"id": {"type": "integer"}}}, "key_properties": ["id"]}
            not json
            {"type": "RECORD", "stream": "a", "record": {"id": "x"}}
            {"type": "RECORD", "stream": "a", "record": {"id": 2}}
            """;

        var result = await Executable.RunAsync("singer-check", ["--all"], stdin: stream);

        result.ExitCode.Should().Be(1);
        var errors = result.Stderr.Trim().Split('\n');
        errors.Should().HaveCount(3);
        errors[0].Should().Be("line 1: stream 'a': RECORD before any SCHEMA for this stream");
        errors[1].Should().StartWith("line 3: invalid JSON");
        errors[2].Should().Be("line 4: stream 'a': field 'id': expected integer, got string \"x\"");
        result.Stdout.Should().StartWith("3 errors: 5 lines, 1 stream(s)");
    }

    [Fact]
    public async Task Run_MissingFile_Exits2WithOneLine()
    {
        var result = await Executable.RunAsync("singer-check", ["/nonexistent/stream.singer"]);

        result.ExitCode.Should().Be(2);
        result.Stderr.Trim().Should().StartWith("CRITICAL cannot read '/nonexistent/stream.singer':");
        result.Stderr.Trim().Split('\n').Should().HaveCount(1);
    }

    [Fact]
    public async Task Run_UnknownFlag_Exits2()
    {
        var result = await Executable.RunAsync("singer-check", ["--bogus"]);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("unknown flag --bogus");
    }
}
