namespace TargetDuckDb.Tests;

public sealed class DuckDbNamingTests() : NamingTests(new DuckDbDatabase())
{
    private const string Properties = """{"id": {"type": "integer"}, "name": {"type": ["null", "string"]}}""";

    private static SingerStream Orders(int id) =>
        new SingerStream().Schema("orders", Properties, "id").Record("orders", $$"""{"id": {{id}}, "name": "n{{id}}"}""");

    /// <summary>DuckDB's names are case-insensitive: schema "Sales" is the existing "sales", and must be found as such on every run.</summary>
    [Fact]
    public async Task Load_SchemaDifferingInCaseFromAnExistingOne_TwoRunsInARowSucceed()
    {
        await Db.QueryAsync("CREATE SCHEMA sales");
        var config = new JsonObject { ["default_target_schema"] = "Sales" };

        var first = await Db.LoadAsync(Orders(1), config);
        var second = await Db.LoadAsync(Orders(2), config);

        first.ExitCode.Should().Be(0, first.Stderr);
        second.ExitCode.Should().Be(0, second.Stderr);
        (await Db.TextRowsAsync("SELECT CAST(id AS VARCHAR), name FROM sales.orders ORDER BY id"))
            .Should().BeEquivalentTo(new[] { new[] { "1", "n1" }, new[] { "2", "n2" } }, o => o.WithStrictOrdering());
        (await Db.QueryAsync("SELECT schema_name FROM information_schema.schemata WHERE lower(schema_name) = 'sales'")).Should().ContainSingle();
    }

    [Fact]
    public async Task Load_ExistingTableAndColumnsInOtherCase_TwoRunsInARowSucceed()
    {
        await Db.QueryAsync("CREATE TABLE main.\"Orders\" (\"ID\" BIGINT PRIMARY KEY, \"Name\" VARCHAR, \"_SDC_Table_Version\" BIGINT)");

        var first = await Db.LoadAsync(Orders(1));
        var second = await Db.LoadAsync(Orders(2));

        first.ExitCode.Should().Be(0, first.Stderr);
        second.ExitCode.Should().Be(0, second.Stderr);
        (await Db.ColumnTypesAsync("Orders")).Keys.Should().Equal("ID", "Name", "_SDC_Table_Version");
        (await Db.TextRowsAsync("SELECT CAST(id AS VARCHAR), name FROM main.orders ORDER BY id"))
            .Should().BeEquivalentTo(new[] { new[] { "1", "n1" }, new[] { "2", "n2" } }, o => o.WithStrictOrdering());
    }

    /// <summary>
    /// A batch's staging tables live in an attached in-memory database as main.stage_N: a stream named stage_1 must not
    /// take the one staging the batch before it for its own table.
    /// </summary>
    [Fact]
    public async Task Load_StreamNamedLikeAStagingTableWhileOneIsStaged_LoadsIntoItsOwnTable()
    {
        var stream = new SingerStream().Schema("a", Properties, "id");
        for (var id = 1; id <= 20_000; id++)
        {
            stream.Record("a", $$"""{"id": {{id}}, "name": "a"}""");
        }
        stream.Schema("stage_1", """{"k": {"type": "integer"}}""", "k").Record("stage_1", """{"k": 7}""");

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.CountAsync("a")).Should().Be(20_000);
        (await Db.RowsAsync("stage_1", "k", "k")).Should().BeEquivalentTo(new[] { new[] { "7" } });
    }
}
