namespace SingerMap.Tests;

public sealed class ValidateTests
{
    private static readonly SingerStream Orders = new SingerStream()
        .Schema("orders", """{"id": {"type": "integer"}, "total": {"type": "number", "multipleOf": 0.01}, "at": {"type": "string", "format": "date-time"}}""", "id")
        .Record("orders", """{"id": 1, "total": 17195.83, "at": "2026-01-01T00:00:00Z"}""")
        .Record("orders", """{"id": 2, "total": "12", "at": "2026-01-01T00:00:00Z"}""")
        .State("""{"n": 1}""")
        .Record("orders", """{"total": 1.5, "at": "2026-01-01T00:00:00Z"}""")
        .Record("orders", """{"id": 4, "total": 1.005, "at": "2026-01-01T00:00:00Z"}""")
        .Record("orders", """{"id": 5, "total": 2, "at": "yesterday"}""")
        .State("""{"n": 2}""");

    [Fact]
    public async Task BadRecords_GoToTheRejectFileWithLineFieldAndReason_TheRunGoesOn()
    {
        var dir = MapRun.TempDirectory();
        var rejects = Path.Combine(dir, "rejects.jsonl");

        var result = await MapRun.RunAsync($$$"""{"validate": {"reject_file": "{{{rejects}}}"}}""", Orders.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        MapRun.Summary(result.Stdout).Should().Equal(
            "SCHEMA orders",
            """RECORD {"id":1,"total":17195.83,"at":"2026-01-01T00:00:00Z"}""",
            """STATE {"n":1}""",
            """STATE {"n":2}""");
        var lines = (await File.ReadAllLinesAsync(rejects)).Select(l => JsonNode.Parse(l)!).ToList();
        lines.Select(l => $"{l["line"]} {l["field"]}").Should().Equal("3 total", "5 id", "6 total", "7 at");
        lines[0]["reason"]!.GetValue<string>().Should().Be("expected number, got string \"12\"");
        lines[1]["reason"]!.GetValue<string>().Should().Be("key property is missing or null");
        lines[2]["reason"]!.GetValue<string>().Should().Be("1.005 is not a multiple of 0.01");
        lines[0]["record"]!.ToJsonString(MapRun.Relaxed).Should().Be("""{"id":2,"total":"12","at":"2026-01-01T00:00:00Z"}""");
        result.Stderr.Should().Contain("stream 'orders': 5 records in, 1 out, 4 rejected, 0 duplicates dropped");
    }

    [Fact]
    public async Task RejectsAreAppended_AcrossRuns()
    {
        var dir = MapRun.TempDirectory();
        var rejects = Path.Combine(dir, "rejects.jsonl");
        var config = $$$"""{"validate": {"reject_file": "{{{rejects}}}", "streams": ["ord*"]}}""";

        await MapRun.RunAsync(config, Orders.ToString());
        await MapRun.RunAsync(config, Orders.ToString());

        (await File.ReadAllLinesAsync(rejects)).Should().HaveCount(8);
    }

    [Fact]
    public async Task MoreThanMaxRejects_StopsNamingTheLineAndTheLastReason()
    {
        var dir = MapRun.TempDirectory();
        var rejects = Path.Combine(dir, "rejects.jsonl");

        var result = await MapRun.RunAsync($$$"""{"validate": {"reject_file": "{{{rejects}}}", "max_rejects": 1}}""", Orders.ToString());

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("line 5: stream 'orders': field 'id': key property is missing or null; more than max_rejects (1) records rejected, stopping");
        MapRun.Summary(result.Stdout).Last().Should().Be("""STATE {"n":1}""");
    }

    [Fact]
    public async Task StreamsNotListed_PassUnchecked()
    {
        var dir = MapRun.TempDirectory();

        var result = await MapRun.RunAsync($$$"""{"validate": {"reject_file": "{{{Path.Combine(dir, "r.jsonl")}}}", "streams": ["other"]}}""", Orders.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        MapRun.Summary(result.Stdout).Count(l => l.StartsWith("RECORD", StringComparison.Ordinal)).Should().Be(5);
    }

    [Fact]
    public async Task ARejectFileThatCannotBeWritten_StopsBeforeReadingAnything()
    {
        var result = await MapRun.RunAsync("""{"validate": {"reject_file": "/nonexistent-dir/r.jsonl"}}""", Orders.ToString());

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("validate: cannot write reject_file '/nonexistent-dir/r.jsonl'");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task WithoutARejectFile_StopsAtStartUp()
    {
        var result = await MapRun.RunAsync("""{"validate": {"streams": ["*"]}}""", Orders.ToString());

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("validate: reject_file is required: the file rejected records are written to (appended)");
    }
}
