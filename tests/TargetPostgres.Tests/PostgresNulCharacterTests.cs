namespace TargetPostgres.Tests;

/// <summary>PostgreSQL text cannot hold U+0000: the run stops with a line naming the table and column.</summary>
public sealed class PostgresNulCharacterTests : IAsyncLifetime
{
    private readonly PostgresDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Load_StringWithNulCharacter_ExitsOneNamingTableAndColumn()
    {
        var stream = new SingerStream()
            .Schema("notes", """{"id": {"type": "integer"}, "body": {"type": "string"}}""", "id")
            .Record("notes", """{"id": 1, "body": "a\u0000b"}""")
            .ToString();

        var run = await _db.LoadAsync(stream);

        run.ExitCode.Should().Be(1);
        run.Stderr.Trim().Split('\n').Last().Should().EndWith("column 'body': PostgreSQL cannot store the NUL character (U+0000) found in a value");
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Load_NulCharacterInsideJsonValue_ExitsOneNamingTableAndColumn()
    {
        var stream = new SingerStream()
            .Schema("notes", """{"id": {"type": "integer"}, "doc": {"type": ["null", "object"]}}""", "id")
            .Record("notes", """{"id": 1, "doc": {"a": "fine \\u0000 text"}}""")
            .State("""{"n": 1}""")
            .Record("notes", """{"id": 2, "doc": {"a": "x\u0000y"}}""")
            .ToString();

        var run = await _db.LoadAsync(stream, new JsonObject { ["batch_size_rows"] = 1 });

        run.ExitCode.Should().Be(1, run.Stderr);
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))
            .Which.Should().EndWith("column 'doc': PostgreSQL cannot store the NUL character (U+0000) found in a value");
        run.Stdout.Should().Be("{\"n\":1}\n");
        (await _db.RowsAsync("notes", "id", "id", "doc")).Should().BeEquivalentTo(new[] { new[] { "1", """{"a": "fine \\u0000 text"}""" } });
    }
}
