namespace TargetDuckDb.Tests;

/// <summary>Input the SDK reader decides about (lines past max_line_bytes, dates in date-time fields), seen from the executable.</summary>
public sealed class DuckDbInputTests : IAsyncLifetime
{
    private readonly DuckDbDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Load_LineOverMaxLineBytes_ExitsOneNamingTheLineAndKeepsEarlierRows()
    {
        var stream = new SingerStream()
            .Schema("docs", """{"id": {"type": "integer"}, "body": {"type": "string"}}""", "id")
            .Record("docs", """{"id": 1, "body": "short"}""")
            .State("""{"bookmarks": {"docs": {"id": 1}}}""")
            .Record("docs", $$"""{"id": 2, "body": "{{new string('x', 5000)}}"}""");

        var result = await _db.LoadAsync(stream, new JsonObject { ["max_line_bytes"] = 4096 });

        result.ExitCode.Should().Be(1, result.Stderr);
        result.Stderr.Split('\n').Where(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))
            .Should().Equal("CRITICAL line 4: the line is longer than max_line_bytes (4096 bytes); raise max_line_bytes to read it");
        result.Stdout.Should().Be("{\"bookmarks\":{\"docs\":{\"id\":1}}}\n");
        (await _db.RowsAsync("docs", "id", "id", "body")).Should().BeEquivalentTo(new[] { new[] { "1", "short" } });
    }

    [Fact]
    public async Task Load_MaxLineBytesZero_IsAConfigErrorExitingTwo()
    {
        var result = await _db.LoadAsync(new SingerStream().State("{}"), new JsonObject { ["max_line_bytes"] = 0 });

        result.ExitCode.Should().Be(2, result.Stderr);
        result.Stderr.Should().Contain("CRITICAL config key 'max_line_bytes' must be at least 1, got 0");
    }

    [Fact]
    public async Task Load_DateInDateTimeField_LoadsAsMidnightUtc()
    {
        var stream = new SingerStream()
            .Schema("events", """{"id": {"type": "integer"}, "at": {"type": ["null", "string"], "format": "date-time"}}""", "id")
            .Record("events", """{"id": 1, "at": "2024-01-02"}""")
            .Record("events", """{"id": 2, "at": "2024-01-02T03:04:05+02:00"}""");

        var result = await _db.LoadAsync(stream);

        result.ExitCode.Should().Be(0, result.Stderr);
        (await _db.RowsAsync("events", "id", "id", "at")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "2024-01-02 00:00:00+00" },
            new[] { "2", "2024-01-02 01:04:05+00" },
        }, o => o.WithStrictOrdering());
    }
}
