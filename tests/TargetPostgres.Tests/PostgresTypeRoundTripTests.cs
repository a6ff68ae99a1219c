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
    public async Task Load_DecimalsOfEveryShape_ExactNumericDigitsAndScale()
    {
        // NUMERIC goes over COPY in base-10000 digits with a weight: every alignment of digits to the point matters.
        string[] values =
        [
            "0", "0.00", "-0.5", "0.0001", "0.00010", "0.00001", "10000", "100000000", "12345.6789", "-99999.99999",
            "0.0000000000000000000000000001", "79228162514264337593543950335", "-7922816251426433759354395033.5",
            "1.0000000000000000000000000001", "9999.9999", "1000.001",
        ];
        var stream = new SingerStream().Schema("nums", """{"id": {"type": "integer"}, "v": {"type": ["null", "number"]}}""", "id");
        for (var i = 0; i < values.Length; i++)
        {
            stream.Record("nums", $$"""{"id": {{i}}, "v": {{values[i]}}}""");
        }

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("nums", "id", "v")).Select(r => r[0]).Should().Equal(values);
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
