namespace TargetDuckDb.Tests;

public sealed class DuckDbTypeRoundTripTests() : TypeRoundTripTests(new DuckDbDatabase())
{
    [Fact]
    public async Task Load_NumberWithoutMultipleOf_Double()
    {
        await LoadTypesAsync();

        var rows = await Db.QueryAsync($"SELECT n FROM {Db.Qualified("types")} ORDER BY id");

        rows.Select(r => r[0]).Should().Equal(1.5e-7, 0.1, null, null);
        (await Db.ColumnTypesAsync("types"))["n"].Should().Be("DOUBLE");
    }

    [Fact]
    public async Task Load_EveryType_DuckDbColumnTypes()
    {
        await LoadTypesAsync();

        var types = await Db.ColumnTypesAsync("types");

        types.Should().Equal(new Dictionary<string, string>
        {
            ["id"] = "BIGINT",
            ["i"] = "BIGINT",
            ["u"] = "DECIMAL(38,0)",
            ["m"] = "DECIMAL(38,2)",
            ["d"] = "DECIMAL(38,10)",
            ["n"] = "DOUBLE",
            ["b"] = "BOOLEAN",
            ["ts"] = "TIMESTAMP WITH TIME ZONE",
            ["dt"] = "DATE",
            ["tm"] = "TIME",
            ["s"] = "VARCHAR",
            ["o"] = "JSON",
            ["a"] = "JSON",
            ["_sdc_table_version"] = "BIGINT",
        });
    }
}
