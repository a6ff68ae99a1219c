namespace TargetPostgres.Tests;

public sealed class PostgresTypeRoundTripTests() : TypeRoundTripTests(new PostgresDatabase())
{
    [Fact]
    public async Task Load_NumberWithoutMultipleOf_ExactNumeric()
    {
        await LoadTypesAsync();

        var rows = await Db.RowsAsync("types", "id", "n");

        rows.Select(r => r[0]).Should().Equal("0.00000015", "0.1", null, null);
        (await Db.ColumnTypesAsync("types"))["n"].Should().Be("numeric");
    }

    [Fact]
    public async Task Load_EveryType_PostgresColumnTypes()
    {
        await LoadTypesAsync();

        var types = await Db.ColumnTypesAsync("types");

        types.Should().Equal(new Dictionary<string, string>
        {
            ["id"] = "bigint",
            ["i"] = "bigint",
            ["u"] = "numeric",
            ["m"] = "numeric",
            ["d"] = "numeric",
            ["n"] = "numeric",
            ["b"] = "boolean",
            ["ts"] = "timestamp with time zone",
            ["dt"] = "date",
            ["tm"] = "time without time zone",
            ["s"] = "text",
            ["o"] = "jsonb",
            ["a"] = "jsonb",
            ["_sdc_table_version"] = "bigint",
        });
    }
}
