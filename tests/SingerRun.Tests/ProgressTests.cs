namespace SingerRun.Tests;

/// <summary>What singer-run shows while a pipeline runs and when it ends.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProgressTests : IDisposable
{
    private readonly RunDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>A tap writing 3 records of 'orders' at once, then, 3 seconds later, 2 of 'items'.</summary>
    private string SlowTap() => _dir.Script("slow-tap", """
        echo '{"type":"SCHEMA","stream":"orders","schema":{"properties":{"id":{"type":"integer"}}},"key_properties":["id"]}'
        for i in 1 2 3; do echo "{\"type\":\"RECORD\",\"stream\":\"orders\",\"record\":{\"id\":$i}}"; done
        echo '{"type":"STATE","value":{"n":1}}'
        sleep 3
        echo '{"type":"SCHEMA","stream":"items","schema":{"properties":{"id":{"type":"integer"}}},"key_properties":["id"]}'
        for i in 1 2; do echo "{\"type\": \"RECORD\", \"stream\": \"items\", \"record\": {\"id\": $i}}"; done
        """);

    /// <summary>A target that relays every STATE's value, as a target does once what came before is loaded.</summary>
    private string RelayingTarget() => _dir.Script("relay", """
        grep --line-buffered '"type":"STATE"' | sed -u 's/.*"value"://; s/}$//'
        """);

    [Fact]
    public async Task NotATerminal_ProgressLinesWhileItRuns_ThenASummaryPerStream()
    {
        var result = await RunDirectory.RunAsync("--tap", SlowTap(), "--target", RelayingTarget(), "--state-id", "p", "--state-backend", _dir.Backend,
            "--progress-interval", "1");

        result.ExitCode.Should().Be(0, result.Stderr);
        var lines = result.Stderr.Split('\n');
        lines.Should().Contain(l => l.StartsWith("INFO progress: 3 records (", StringComparison.Ordinal)
            && l.Contains("from the tap in") && l.Contains("; orders 3; last state stored"));
        lines.Should().Contain("INFO stream 'orders': 3 records, 162 B");
        lines.Should().Contain("INFO stream 'items': 2 records, 118 B");
        lines.Should().Contain(l => l.Contains("done, 8 lines from the tap"));
    }

    [Fact]
    public async Task Off_NoProgressLines_TheSummaryStays()
    {
        var result = await RunDirectory.RunAsync("--tap", SlowTap(), "--target", RelayingTarget(), "--state-id", "p", "--state-backend", _dir.Backend,
            "--progress", "off", "--progress-interval", "1");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().NotContain("progress:").And.Contain("INFO stream 'items': 2 records, 118 B");
    }

    [Fact]
    public async Task Live_ATableOfStreams()
    {
        var result = await RunDirectory.RunAsync("--tap", SlowTap(), "--target", RelayingTarget(), "--state-id", "p", "--state-backend", _dir.Backend,
            "--progress", "live");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().Contain("records/s").And.Contain("orders").And.Contain("items").And.Contain("last state stored")
            .And.Contain("INFO stream 'items': 2 records, 118 B");
    }

    [Theory]
    [InlineData("--progress", "sometimes", "--progress must be auto, live, log or off, got 'sometimes'")]
    [InlineData("--progress", "1", "--progress must be auto, live, log or off, got '1'")]
    [InlineData("--progress-interval", "0", "--progress-interval must be at least 1 (seconds), got 0")]
    public async Task ABadFlag_IsOneLine(string flag, string value, string error)
    {
        var result = await RunDirectory.RunAsync("--tap", "true", "--target", "cat", "--state-id", "p", "--state-backend", _dir.Backend, flag, value);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain(error);
    }
}
