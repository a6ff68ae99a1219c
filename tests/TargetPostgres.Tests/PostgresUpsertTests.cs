namespace TargetPostgres.Tests;

public sealed class PostgresUpsertTests() : UpsertTests(new PostgresDatabase())
{
    [Fact]
    public async Task Load_TableWithoutAUniqueIndexOnTheKeys_MergesByDeleteAndInsert()
    {
        // A table made by someone else, without a primary key: INSERT … ON CONFLICT has nothing to conflict on,
        // so the batch must replace rows by deleting their keys first.
        await Db.QueryAsync($"CREATE SCHEMA IF NOT EXISTS \"{Db.Schema}\"; CREATE TABLE \"{Db.Schema}\".\"items\" (id BIGINT, v TEXT, _sdc_table_version BIGINT)");
        await Db.QueryAsync($"INSERT INTO \"{Db.Schema}\".\"items\" VALUES (1, 'old', NULL), (2, 'kept', NULL)");
        var stream = new SingerStream().Schema("items", """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", "id")
            .Record("items", """{"id": 1, "v": "first"}""")
            .Record("items", """{"id": 3, "v": "new"}""")
            .Record("items", """{"id": 1, "v": "last"}""");

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "v")).Should().BeEquivalentTo(
            new[] { new[] { "1", "last" }, new[] { "2", "kept" }, new[] { "3", "new" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_TableMadeByTheTarget_HasAPrimaryKeySoBatchesUpsertInPlace()
    {
        var stream = new SingerStream().Schema("items", """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", "id")
            .Record("items", """{"id": 1, "v": "first"}""");
        (await Db.LoadAsync(stream)).ExitCode.Should().Be(0);

        var run = await Db.LoadAsync(new SingerStream().Schema("items", """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", "id")
            .Record("items", """{"id": 1, "v": "second"}""").Record("items", """{"id": 1, "v": "third"}"""));

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "v")).Select(r => r[0]).Should().Equal("third");
        (await Db.QueryAsync($"SELECT count(*) FROM pg_index WHERE indrelid = '\"{Db.Schema}\".\"items\"'::regclass AND indisprimary")).Single()[0].Should().Be(1L);
    }
}
