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

    [Fact]
    public async Task Load_ScaleWidenedPastAValueAlreadyThere_ExitsOneNamingTableAndColumnAndKeepsTheTable()
    {
        await Db.LoadAsync(new SingerStream().Schema("items", """{"id": {"type": "integer"}, "m": {"type": ["null", "number"], "multipleOf": 0.01}}""", "id")
            .Record("items", """{"id": 1, "m": 1234567890123456789012345678901.25}"""));

        var run = await Db.LoadAsync(new SingerStream().Schema("items", """{"id": {"type": "integer"}, "m": {"type": ["null", "number"], "multipleOf": 1e-10}}""", "id")
            .Record("items", """{"id": 2, "m": 1.5}"""));

        // DECIMAL(38,10) holds 28 integer digits; the value has 31.
        run.ExitCode.Should().Be(1, run.Stderr);
        CriticalLines(run).Should().ContainSingle().Which.Should()
            .StartWith("CRITICAL table main.items: column m cannot be widened from DECIMAL(38,2) to DECIMAL(38,10): ").And.Contain("out of range");
        (await Db.ColumnTypesAsync("items"))["m"].Should().Be("DECIMAL(38,2)");
        (await Db.RowsAsync("items", "id", "id", "m")).Should().BeEquivalentTo(new[] { new[] { "1", "1234567890123456789012345678901.25" } });
    }
}
