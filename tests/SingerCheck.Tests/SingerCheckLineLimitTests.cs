using FluentAssertions;
using SingerNet.Tests;
using Xunit;

namespace SingerCheck.Tests;

/// <summary>singer-check --max-line-bytes: the longest line it reads.</summary>
public sealed class SingerCheckLineLimitTests
{
    private static readonly string Stream =
        "{\"type\": \"STATE\", \"value\": {}}\n"
        + "{\"type\": \"SCHEMA\", \"stream\": \"s\", \"schema\": {\"properties\": {\"pad\": {\"type\": \"string\"}}}, \"key_properties\": []}\n"
        + "{\"type\": \"RECORD\", \"stream\": \"s\", \"record\": {\"pad\": \"" + new string('p', 300) + "\"}}\n";

    [Fact]
    public async Task Run_LineOverMaxLineBytes_ReportsTheLineAndExits1()
    {
        var result = await Executable.RunAsync("singer-check", ["--max-line-bytes", "200"], stdin: Stream);

        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Should().Be("line 3: the line is longer than max_line_bytes (200 bytes); raise max_line_bytes to read it");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Run_LinesWithinMaxLineBytes_AreChecked()
    {
        var result = await Executable.RunAsync("singer-check", ["--max-line-bytes", "400"], stdin: Stream);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().StartWith("OK: 3 lines, 1 stream(s), 1 STATE message(s)");
    }

    [Fact]
    public async Task Run_MaxLineBytesZero_IsAUsageError()
    {
        var result = await Executable.RunAsync("singer-check", ["--max-line-bytes", "0"], stdin: Stream);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("--max-line-bytes must be at least 1, got 0");
    }
}
