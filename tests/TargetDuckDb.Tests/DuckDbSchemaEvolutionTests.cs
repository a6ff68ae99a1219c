namespace TargetDuckDb.Tests;

public sealed class DuckDbSchemaEvolutionTests() : SchemaEvolutionTests(new DuckDbDatabase())
{
    [Fact]
    public async Task Load_IntegerBecomesNumberWithoutMultipleOf_WidenedToDoubleFractionsKept()
    {
        await Db.LoadAsync(new SingerStream().Schema("items", """{"id": {"type": "integer"}, "v": {"type": ["null", "integer"]}}""", "id")
            .Record("items", """{"id": 1, "v": 42}"""));

        var run = await Db.LoadAsync(new SingerStream().Schema("items", """{"id": {"type": "integer"}, "v": {"type": ["null", "number"]}}""", "id")
            .Record("items", """{"id": 2, "v": 1.5}"""));

        // The column a number without multipleOf gets when the table is created (DOUBLE), not DECIMAL(38,0), which would round 1.5 to 2.
        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.ColumnTypesAsync("items"))["v"].Should().Be("DOUBLE");
        (await Db.QueryAsync($"SELECT v FROM {Db.Qualified("items")} ORDER BY id")).Select(r => r[0]).Should().Equal(42.0, 1.5);
    }
}
