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
}
