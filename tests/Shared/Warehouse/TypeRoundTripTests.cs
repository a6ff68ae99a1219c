using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>Every JSON Schema type a tap sends, loaded and read back exactly (numbers and timestamps as text).</summary>
public abstract class TypeRoundTripTests(WarehouseDatabase db) : WarehouseTest(db)
{
    protected const string Properties = """
        {
          "id": {"type": "integer"},
          "i": {"type": ["null", "integer"], "minimum": -9223372036854775808, "maximum": 9223372036854775807},
          "u": {"type": ["null", "integer"], "minimum": 0, "maximum": 18446744073709551615},
          "m": {"type": ["null", "number"], "multipleOf": 0.01},
          "d": {"type": ["null", "number"], "multipleOf": 1e-10},
          "n": {"type": ["null", "number"]},
          "b": {"type": ["null", "boolean"]},
          "ts": {"type": ["null", "string"], "format": "date-time"},
          "dt": {"type": ["null", "string"], "format": "date"},
          "tm": {"type": ["null", "string"], "format": "time"},
          "s": {"type": ["null", "string"]},
          "o": {"type": ["null", "object"]},
          "a": {"type": ["null", "array"]}
        }
        """;

    /// <summary>Loads four rows: minimums, maximums, all nulls, and the earliest timestamp (properties left out are null).</summary>
    protected async Task LoadTypesAsync()
    {
        var stream = new SingerStream()
            .Schema("types", Properties, "id")
            .Record("types", """
                {"id": 1, "i": -9223372036854775808, "u": 0, "m": -0.01, "d": -1234567890123456789012345678.0123456789, "n": 1.5e-7,
                 "b": false, "ts": "2024-01-02T03:04:05.123456+05:30", "dt": "0001-01-01", "tm": "00:00:00",
                 "s": "h\u00e9llo \ud83d\ude00 \"quoted\" 'single' \\ back\nnew line\ttab",
                 "o": {"k": [1, 2.5, {"n": null}], "u": "\u00fc"}, "a": [1, "x", true, null]}
                """)
            .Record("types", """
                {"id": 2, "i": 9223372036854775807, "u": 18446744073709551615, "m": 999999999999999999999999999999999999.99, "d": 9999999999999999999999999999.9999999999, "n": 0.1,
                 "b": true, "ts": "1999-12-31T23:59:59.999999-08:00", "dt": "9999-12-31", "tm": "23:59:59.999999",
                 "s": "", "o": {}, "a": []}
                """)
            .Record("types", """
                {"id": 3, "i": null, "u": null, "m": null, "d": null, "n": null, "b": null, "ts": null, "dt": null, "tm": null, "s": null, "o": null, "a": null}
                """)
            .Record("types", """{"id": 4, "ts": "0001-01-01T00:00:00Z"}""")
            .State("""{"done": true}""");
        var run = await Db.LoadAsync(stream);
        run.ExitCode.Should().Be(0, run.Stderr);
        StdoutLines(run).Should().Equal("""{"done":true}""");
    }

    [Fact]
    public async Task Load_IntegersAndDecimals_ExactDigits()
    {
        await LoadTypesAsync();

        var rows = await Db.RowsAsync("types", "id", "id", "i", "u", "m", "d");

        rows.Should().BeEquivalentTo(new[]
        {
            new[] { "1", "-9223372036854775808", "0", "-0.01", "-1234567890123456789012345678.0123456789" },
            new[] { "2", "9223372036854775807", "18446744073709551615", "999999999999999999999999999999999999.99", "9999999999999999999999999999.9999999999" },
            new[] { "3", null, null, null, null },
            new[] { "4", null, null, null, null },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_BooleansDatesTimesAndTimestamps_ExactAndTimestampsInUtc()
    {
        await LoadTypesAsync();

        var rows = await Db.RowsAsync("types", "id", "b", "ts", "dt", "tm");

        rows.Should().BeEquivalentTo(new[]
        {
            new[] { "false", "2024-01-01 21:34:05.123456+00", "0001-01-01", "00:00:00" },
            new[] { "true", "2000-01-01 07:59:59.999999+00", "9999-12-31", "23:59:59.999999" },
            new string?[] { null, null, null, null },
            new string?[] { null, "0001-01-01 00:00:00+00", null, null },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_StringsWithUnicodeQuotesAndNewlines_Exact()
    {
        await LoadTypesAsync();

        var rows = await Db.RowsAsync("types", "id", "s");

        rows.Select(r => r[0]).Should().Equal("héllo 😀 \"quoted\" 'single' \\ back\nnew line\ttab", "", null, null);
    }

    [Fact]
    public async Task Load_ObjectsAndArrays_StoredAsJsonThatParsesBackEqual()
    {
        await LoadTypesAsync();

        var rows = await Db.RowsAsync("types", "id", "o", "a");

        JsonNode.DeepEquals(JsonNode.Parse(rows[0][0]!), JsonNode.Parse("""{"k": [1, 2.5, {"n": null}], "u": "ü"}""")).Should().BeTrue(rows[0][0]);
        JsonNode.DeepEquals(JsonNode.Parse(rows[0][1]!), JsonNode.Parse("""[1, "x", true, null]""")).Should().BeTrue(rows[0][1]);
        JsonNode.DeepEquals(JsonNode.Parse(rows[1][0]!), new JsonObject()).Should().BeTrue(rows[1][0]);
        JsonNode.DeepEquals(JsonNode.Parse(rows[1][1]!), new JsonArray()).Should().BeTrue(rows[1][1]);
        rows[2].Should().Equal(null, null);
        rows[3].Should().Equal(null, null);
    }

    [Fact]
    public async Task Load_EveryType_ColumnTypesFollowTheSchema()
    {
        await LoadTypesAsync();

        var types = await Db.ColumnTypesAsync("types");

        types["id"].Should().Be(Db.BigIntType);
        types["i"].Should().Be(Db.BigIntType);
        types["u"].Should().Be(Db.DecimalType(0));
        types["m"].Should().Be(Db.DecimalType(2));
        types["d"].Should().Be(Db.DecimalType(10));
        types["ts"].Should().Be(Db.TimestampType);
        types["s"].Should().Be(Db.TextType);
    }
}
