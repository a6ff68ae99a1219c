namespace TargetDuckDb.Tests;

/// <summary>A database file that cannot be opened: exit 2 and one CRITICAL line.</summary>
public sealed class DuckDbConfigTests : IAsyncLifetime
{
    private readonly DuckDbDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static string Stream => new SingerStream().Schema("items", """{"id": {"type": "integer"}}""", "id").Record("items", """{"id": 1}""").ToString();

    [Fact]
    public async Task Load_PathInMissingDirectory_ExitsTwoWithOneLineNamingThePath()
    {
        var path = Path.Combine(_db.Directory, "missing", "warehouse.duckdb");

        var run = await _db.LoadAsync(Stream, new JsonObject { ["path"] = path });

        run.ExitCode.Should().Be(2, run.Stderr);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle(l => l.StartsWith("CRITICAL", StringComparison.Ordinal)).Which.Should().Contain(path);
        lines.Should().OnlyContain(l => l.StartsWith("CRITICAL ", StringComparison.Ordinal) || l.StartsWith("INFO ", StringComparison.Ordinal));
        run.Stdout.Should().BeEmpty();
        File.Exists(path).Should().BeFalse();
    }

    [Fact]
    public async Task Load_PathIsADirectory_ExitsTwoWithOneLine()
    {
        var run = await _db.LoadAsync(Stream, new JsonObject { ["path"] = _db.Directory });

        run.ExitCode.Should().Be(2, run.Stderr);
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(l => l.StartsWith("CRITICAL", StringComparison.Ordinal));
    }
}
