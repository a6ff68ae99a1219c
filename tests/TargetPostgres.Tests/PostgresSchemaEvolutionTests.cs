namespace TargetPostgres.Tests;

public sealed class PostgresSchemaEvolutionTests() : SchemaEvolutionTests(new PostgresDatabase())
{
    [Fact]
    public async Task Load_IntegerBecomesNumberWithoutMultipleOf_WidenedToNumericFractionsExact()
    {
        await Db.LoadAsync(new SingerStream().Schema("items", """{"id": {"type": "integer"}, "v": {"type": ["null", "integer"]}}""", "id")
            .Record("items", """{"id": 1, "v": 9223372036854775807}"""));

        var run = await Db.LoadAsync(new SingerStream().Schema("items", """{"id": {"type": "integer"}, "v": {"type": ["null", "number"]}}""", "id")
            .Record("items", """{"id": 2, "v": 1.5e-7}"""));

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.ColumnTypesAsync("items"))["v"].Should().Be("numeric");
        (await Db.RowsAsync("items", "id", "v")).Select(r => r[0]).Should().Equal("9223372036854775807", "0.00000015");
    }
}
