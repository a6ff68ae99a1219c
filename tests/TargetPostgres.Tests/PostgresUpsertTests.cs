using System.Globalization;

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

    [Fact]
    public async Task Load_NewKeysInsertPlainly_ThenABatchMeetingKeysAlreadyThereIsUpserted()
    {
        // Batches of two: the first two batches are new keys (COPY'd straight into the table inside a savepoint); the third
        // sends key 1 again with key 5, so its COPY meets a key already there, goes back to the savepoint and upserts.
        var schema = """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""";
        var stream = new SingerStream().Schema("items", schema, "id")
            .Record("items", """{"id": 1, "v": "a"}""").Record("items", """{"id": 2, "v": "b"}""")
            .Record("items", """{"id": 3, "v": "c"}""").Record("items", """{"id": 4, "v": "d"}""")
            .Record("items", """{"id": 5, "v": "e"}""").Record("items", """{"id": 1, "v": "a2"}""")
            .Record("items", """{"id": 6, "v": "f"}""").Record("items", """{"id": 2, "v": "b2"}""");

        var run = await Executable.RunAsync(Db.Target, ["--config", Db.WriteConfig(new JsonObject { ["batch_size_rows"] = 2 }), "--verbose"], stdin: stream.ToString());

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "v")).Should().BeEquivalentTo(
            new[] { new[] { "1", "a2" }, new[] { "2", "b2" }, new[] { "3", "c" }, new[] { "4", "d" }, new[] { "5", "e" }, new[] { "6", "f" } },
            o => o.WithStrictOrdering());
        // The first two batches COPY straight into the table; the third's COPY meets key 1 and is undone.
        run.Stderr.Split('\n').Count(l => l.Contains("COPY'd straight into the table", StringComparison.Ordinal)).Should().Be(2, run.Stderr);
        run.Stderr.Split('\n').Count(l => l.Contains("INSERT INTO", StringComparison.Ordinal)).Should().Be(2, run.Stderr);
        run.Stderr.Should().Contain("the batch has keys already in the table; upserting from now on");
        // Once a batch met existing keys, the table's later batches upsert straight away: one failed plain insert per table and run.
        run.Stderr.Split('\n').Count(l => l.Contains("upserting from now on", StringComparison.Ordinal)).Should().Be(1);
    }

    [Fact]
    public async Task Load_RerunOfTheSameKeys_UpdatesEveryRowAndAddsTheNewOnes()
    {
        var schema = """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""";
        var first = new SingerStream().Schema("items", schema, "id");
        var second = new SingerStream().Schema("items", schema, "id");
        for (var i = 1; i <= 50; i++)
        {
            first.Record("items", $$"""{"id": {{i}}, "v": "first {{i}}"}""");
            second.Record("items", $$"""{"id": {{i * 2}}, "v": "second {{i * 2}}"}""");
        }
        (await Db.LoadAsync(first)).ExitCode.Should().Be(0);

        var run = await Db.LoadAsync(second, new JsonObject { ["batch_size_rows"] = 10 });

        run.ExitCode.Should().Be(0, run.Stderr);
        var rows = await Db.RowsAsync("items", "id", "id", "v");
        rows.Should().HaveCount(75);
        rows.Should().OnlyContain(r => r[1] == (int.Parse(r[0]!, CultureInfo.InvariantCulture) % 2 == 0 ? "second " : "first ") + r[0]);
    }
}
