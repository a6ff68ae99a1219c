using FluentAssertions;
using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>Streams the Python tap-mysql really wrote (tests/Fixtures/python-tap-mysql), loaded unchanged.</summary>
public abstract class PythonFixtureTests(WarehouseDatabase db) : WarehouseTest(db)
{
    protected static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "python-tap-mysql", name));

    protected async Task LoadTypesFullAsync()
    {
        var run = await Db.LoadAsync(Fixture("tap-mysql-types-full.singer"));
        run.ExitCode.Should().Be(0, run.Stderr);
        StdoutLines(run)[^1].Should().Be("""{"currently_syncing":null,"bookmarks":{"bench-types":{"initial_full_table_complete":true}}}""");
    }

    [Fact]
    public async Task Load_PythonTypesFull_IntegersAndDecimalsExact()
    {
        await LoadTypesFullAsync();

        var rows = await Db.RowsAsync("types", "id", "id", "c_bigint", "c_bigint_u", "c_int_u", "c_dec", "c_dec0", "c_tinyint");

        rows.Should().BeEquivalentTo(new[]
        {
            new[] { "1", null, null, null, null, null, null },
            new[] { "2", "-9223372036854775808", "0", "0", "-1234567890123456789012345678.0123456789", "-9999999999", "-128" },
            new[] { "3", "9223372036854775807", "18446744073709551615", "4294967295", "9999999999999999999999999999.9999999999", "9999999999", "127" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_PythonTypesFull_StringsBooleansAndTimestampsExact()
    {
        await LoadTypesFullAsync();

        var rows = await Db.RowsAsync("types", "id", "c_varchar", "c_text", "c_json", "c_char", "c_bool", "c_bit64", "c_ts6", "c_datetime6", "c_date", "c_time6");

        rows[0].Should().OnlyContain(v => v == null);
        rows[1].Should().Equal(
            "h\u00e9llo \u2713 ? \"quoted\" \\ back\nslash", "multi\nline\ttab \"q\" \u00fc \u4e2d\u6587", "{\"a\":[1,2,{\"b\":null}],\"u\":\"\u00fc\",\"n\":1.50}", "",
            "false", "true", "1970-01-01 00:00:01.000001+00", "1000-01-01 00:00:00+00", "1000-01-01 00:00:00+00", "1969-12-31 23:59:59.5+00");
        rows[2].Should().Equal(
            new string('z', 255), "plain", "[]", "abcdefghij",
            "true", "true", "2038-01-19 03:14:07.999999+00", "9999-12-31 23:59:59+00", "9999-12-31 00:00:00+00", "1970-01-01 12:34:56.789012+00");
    }

    [Fact]
    public async Task Load_PythonTypesFull_ActivateVersionKeepsTheRowsOfItsVersion()
    {
        await LoadTypesFullAsync();

        var rows = await Db.RowsAsync("types", "id", "id", "_sdc_table_version");

        rows.Should().BeEquivalentTo(new[] { new[] { "1", "1795637249426" }, new[] { "2", "1795637249426" }, new[] { "3", "1795637249426" } });
    }

    [Fact]
    public async Task Load_PythonOrdersIncrementalRerun_EveryRecordARowWithExactAmounts()
    {
        var run = await Db.LoadAsync(Fixture("orders-incremental-rerun.singer"));

        run.ExitCode.Should().Be(0, run.Stderr);
        StdoutLines(run)[^1].Should().Be(
            """{"currently_syncing":null,"bookmarks":{"bench-orders":{"replication_key":"updated_at","version":1795637602111,"replication_key_value":"2026-11-25T20:15:25.679318Z"}}}""");
        // 1001 records with 1001 distinct ids (the boundary row 999987 is not repeated in this rerun).
        (await Db.CountAsync("orders")).Should().Be(1001);
        (await Db.TextRowsAsync($"SELECT {Db.Text("SUM(amount)")}, {Db.Text("MIN(id)")}, {Db.Text("MAX(id)")} FROM {Db.Qualified("orders")}"))
            .Single().Should().Equal("49705130.44", "500001", "999987"); // the sum computed from the fixture in exact decimals
        var rows = await Db.RowsAsync("orders", "id", "id", "customer_id", "status", "amount", "created_at", "updated_at", "note");
        rows[0].Should().Equal("500001", "62501", "upd1", "55549.43", "2024-06-22 14:40:30+00", "2026-11-25 20:15:25.679318+00", "note for order 500001: lorem ipsum dolor sit amet");
        rows[^1].Should().Equal("999987", "25871", "shipped", "23841.65", "2024-12-13 05:13:30+00", "2024-12-14 05:05:25.654531+00", "note for order 999987: lorem ipsum dolor sit amet");
        (await Db.ColumnTypesAsync("orders"))["amount"].Should().Be(Db.DecimalType(2));
    }
}
