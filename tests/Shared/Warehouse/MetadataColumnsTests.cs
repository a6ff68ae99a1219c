using System.Globalization;
using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>The _sdc_ columns (add_metadata_columns) and hard_delete of rows a tap marks deleted.</summary>
public abstract class MetadataColumnsTests(WarehouseDatabase db) : WarehouseTest(db)
{
    // As a LOG_BASED tap-mysql stream declares it.
    private const string Properties = """
        {"id": {"type": "integer"}, "name": {"type": ["null", "string"]}, "_sdc_deleted_at": {"type": ["null", "string"], "format": "date-time"}}
        """;

    [Fact]
    public async Task Load_HardDeleteWithDeletedAtSet_RowsRemovedAfterTheLoad()
    {
        var config = new JsonObject { ["hard_delete"] = true };
        var first = new SingerStream().Schema("items", Properties, "id")
            .Record("items", """{"id": 1, "name": "keep"}""")
            .Record("items", """{"id": 2, "name": "deleted later"}""")
            .Record("items", """{"id": 3, "name": "updated later"}""");
        var second = new SingerStream().Schema("items", Properties, "id")
            .Record("items", """{"id": 2, "name": "deleted later", "_sdc_deleted_at": "2024-05-01T10:00:00.000000Z"}""")
            .Record("items", """{"id": 3, "name": "updated", "_sdc_deleted_at": null}""")
            .Record("items", """{"id": 4, "name": "inserted and deleted in one batch"}""")
            .Record("items", """{"id": 4, "name": "inserted and deleted in one batch", "_sdc_deleted_at": "2024-05-01T10:00:01Z"}""");

        (await Db.LoadAsync(first, config)).ExitCode.Should().Be(0);
        var run = await Db.LoadAsync(second, config);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "name", "_sdc_deleted_at")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "keep", null },
            new[] { "3", "updated", null },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_DeletedAtWithoutHardDelete_RowKeptAndMarked()
    {
        var stream = new SingerStream().Schema("items", Properties, "id")
            .Record("items", """{"id": 1, "name": "gone at the source", "_sdc_deleted_at": "2024-05-01T12:00:00.5+02:00"}""");

        var run = await Db.LoadAsync(stream, new JsonObject { ["add_metadata_columns"] = true });

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.ValueAsync("items", "_sdc_deleted_at", "id = 1")).Should().Be("2024-05-01 10:00:00.5+00");
    }

    [Fact]
    public async Task Load_AddMetadataColumns_SdcColumnsPresentAndFilled()
    {
        var before = DateTime.UtcNow.AddSeconds(-1);
        var stream = new SingerStream().Schema("items", """{"id": {"type": "integer"}, "name": {"type": ["null", "string"]}}""", "id")
            .Record("items", """{"id": 1, "name": "a"}""", version: 7, timeExtracted: "2024-03-04T05:06:07.123456Z")
            .Record("items", """{"id": 2, "name": "b"}""", version: 7, timeExtracted: "2024-03-04T07:06:07.654321+02:00")
            .Record("items", """{"id": 3, "name": "c"}""");

        var run = await Db.LoadAsync(stream, new JsonObject { ["add_metadata_columns"] = true });

        run.ExitCode.Should().Be(0, run.Stderr);
        var after = DateTime.UtcNow.AddSeconds(1);
        var types = await Db.ColumnTypesAsync("items");
        types.Should().ContainKeys("_sdc_extracted_at", "_sdc_batched_at", "_sdc_deleted_at", "_sdc_table_version");
        types["_sdc_extracted_at"].Should().Be(Db.TimestampType);
        types["_sdc_batched_at"].Should().Be(Db.TimestampType);
        types["_sdc_deleted_at"].Should().Be(Db.TimestampType);
        types["_sdc_table_version"].Should().Be(Db.BigIntType);
        var rows = await Db.RowsAsync("items", "id", "_sdc_extracted_at", "_sdc_deleted_at", "_sdc_table_version", "_sdc_batched_at");
        rows.Select(r => r[..3]).Should().BeEquivalentTo(new[]
        {
            new[] { "2024-03-04 05:06:07.123456+00", null, "7" },
            new[] { "2024-03-04 05:06:07.654321+00", null, "7" },
            new string?[] { null, null, null },
        }, o => o.WithStrictOrdering());
        rows.Select(r => ParseUtc(r[3]!)).Should().OnlyContain(at => at >= before && at <= after);
    }

    /// <summary>A timestamptz printed as text in UTC ("2024-03-04 05:06:07.123456+00").</summary>
    private static DateTime ParseUtc(string text) =>
        DateTime.Parse(text[..^3], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
