using System.Text.Json.Nodes;

namespace TapMysql.Tests;

public sealed class DiscoveryTests : MysqlTest
{
    private async Task<JsonObject> DiscoverTypesAsync()
    {
        await TypesTable.LoadAsync(Db);
        var catalog = await TapRun.DiscoverAsync(Db.WriteConfig());
        return catalog["streams"]!.AsArray().Select(s => s!.AsObject()).Single(s => (string)s["table_name"]! == "types");
    }

    [Fact]
    public async Task Discover_EveryType_SchemasFromTheTypeTable()
    {
        var stream = await DiscoverTypesAsync();
        var properties = stream["schema"]!["properties"]!.AsObject();

        string Schema(string column) => properties[column]!.ToJsonString();
        Schema("id").Should().Be("""{"inclusion":"automatic","type":["null","integer"],"minimum":-2147483648,"maximum":2147483647}""");
        Schema("c_bool").Should().Be("""{"inclusion":"available","type":["null","boolean"]}""");
        Schema("c_tinyint_u").Should().Be("""{"inclusion":"available","type":["null","integer"],"minimum":0,"maximum":255}""");
        Schema("c_bigint").Should().Be("""{"inclusion":"available","type":["null","integer"],"minimum":-9223372036854775808,"maximum":9223372036854775807}""");
        Schema("c_bigint_u").Should().Be("""{"inclusion":"available","type":["null","integer"],"minimum":0,"maximum":18446744073709551615}""");
        Schema("c_dec").Should().Be("""{"inclusion":"available","type":["null","number"],"multipleOf":0.0000000001}""");
        Schema("c_dec0").Should().Be("""{"inclusion":"available","type":["null","number"],"multipleOf":1}""");
        Schema("c_float").Should().Be("""{"inclusion":"available","type":["null","number"]}""");
        Schema("c_date").Should().Be("""{"inclusion":"available","type":["null","string"],"format":"date"}""");
        Schema("c_datetime6").Should().Be("""{"inclusion":"available","type":["null","string"],"format":"date-time"}""");
        Schema("c_ts").Should().Be("""{"inclusion":"available","type":["null","string"],"format":"date-time"}""");
        Schema("c_time").Should().Be("""{"inclusion":"available","type":["null","string"]}""");
        Schema("c_year").Should().Be("""{"inclusion":"available","type":["null","integer"],"minimum":0,"maximum":2155}""");
        Schema("c_varchar").Should().Be("""{"inclusion":"available","type":["null","string"],"maxLength":255}""");
        Schema("c_blob").Should().Be("""{"inclusion":"available","type":["null","string"],"contentEncoding":"base64"}""");
        Schema("c_enum").Should().Be("""{"inclusion":"available","type":["null","string"],"maxLength":1}""");
        Schema("c_json").Should().Be("""{"inclusion":"available","type":["null","object","array","string","number","boolean"]}""");
        Schema("c_bit1").Should().Be("""{"inclusion":"available","type":["null","boolean"]}""");
        Schema("c_bit8").Should().Be("""{"inclusion":"available","type":["null","integer"],"minimum":0,"maximum":255}""");
        Schema("c_bit64").Should().Be("""{"inclusion":"available","type":["null","integer"],"minimum":0,"maximum":18446744073709551615}""");
        properties.Select(p => p.Key).Should().HaveCount(35, "every column of the table is discovered");
    }

    [Fact]
    public async Task Discover_TypesTable_MetadataLikeThePythonTap()
    {
        var stream = await DiscoverTypesAsync();

        ((string)stream["tap_stream_id"]!).Should().Be($"{Db.Name}-types");
        ((string)stream["stream"]!).Should().Be("types");
        var root = TapRun.Metadata(stream, []);
        // row-count is information_schema's TABLE_ROWS, which InnoDB estimates (a CI run once read 4 for these 3 rows).
        root["row-count"]!.GetValue<long>().Should().BeInRange(1, 6);
        root.Remove("row-count");
        root.ToJsonString().Should().Be(
            $$"""{"selected-by-default":false,"database-name":"{{Db.Name}}","is-view":false,"table-key-properties":["id"],"valid-replication-keys":["id","c_tinyint","c_tinyint_u","c_smallint","c_mediumint","c_int","c_int_u","c_bigint","c_bigint_u","c_dec","c_dec0","c_date","c_datetime","c_datetime6","c_ts","c_ts6","c_year"]}""");
        TapRun.Metadata(stream, ["properties", "id"]).ToJsonString().Should().Be("""{"selected-by-default":true,"sql-datatype":"int(11)","inclusion":"automatic"}""");
        TapRun.Metadata(stream, ["properties", "c_bool"]).ToJsonString().Should().Be("""{"selected-by-default":true,"sql-datatype":"tinyint(1)","inclusion":"available"}""");
        TapRun.Metadata(stream, ["properties", "c_dec"])["sql-datatype"]!.GetValue<string>().Should().Be("decimal(38,10)");
        TapRun.Metadata(stream, ["properties", "c_json"])["sql-datatype"]!.GetValue<string>().Should().Be("longtext");
    }

    [Fact]
    public async Task Discover_UnsupportedTypeAndViewAndNoKeyTable_MarkedAsSuch()
    {
        await Db.ExecuteAsync("""
            CREATE TABLE geo (id INT PRIMARY KEY, place POINT);
            CREATE TABLE nokey (a INT, b VARCHAR(10));
            CREATE VIEW v_geo AS SELECT id FROM geo;
            """);
        var catalog = await TapRun.DiscoverAsync(Db.WriteConfig());
        var streams = catalog["streams"]!.AsArray().Select(s => s!.AsObject()).ToDictionary(s => (string)s["table_name"]!);

        streams["geo"]["schema"]!["properties"]!["place"]!.ToJsonString().Should().Be("""{"inclusion":"unsupported","description":"Unsupported column type point"}""");
        TapRun.Metadata(streams["geo"], ["properties", "place"])["selected-by-default"]!.GetValue<bool>().Should().BeFalse();
        TapRun.Metadata(streams["nokey"], [])["table-key-properties"]!.AsArray().Should().BeEmpty();
        var view = TapRun.Metadata(streams["v_geo"], []);
        view["is-view"]!.GetValue<bool>().Should().BeTrue();
        view.ContainsKey("table-key-properties").Should().BeFalse();
    }

    [Fact]
    public async Task Discover_WithoutFilter_ExcludesSystemSchemas()
    {
        var config = Db.WriteConfig(new JsonObject { ["filterDbs"] = null });
        var catalog = await TapRun.DiscoverAsync(config);
        var databases = catalog["streams"]!.AsArray().Select(s => TapRun.Metadata(s!.AsObject(), [])["database-name"]!.GetValue<string>()).Distinct().ToList();

        databases.Should().NotContain(["mysql", "sys", "information_schema", "performance_schema"]);
    }
}
