using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TapMysql.Tests;

/// <summary>Every type's NULL, minimum and maximum values through tap-mysql, compared as exact JSON text.</summary>
public sealed class TypeRoundTripTests : MysqlTest
{
    private async Task<(List<JsonObject> Records, ProcessResult Run)> SyncTypesAsync(string table = "types")
    {
        await TypesTable.LoadAsync(Db);
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config);
        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);
        run.ExitCode.Should().Be(0, run.Stderr);
        var records = TapRun.Messages(run.Stdout)
            .Where(m => (string)m["type"]! == "RECORD" && (string)m["stream"]! == table)
            .Select(m => m["record"]!.AsObject())
            .ToList();
        return (records, run);
    }

    /// <summary>Each value as JSON text; numbers keep the literal the tap wrote, strings are not re-escaped.</summary>
    private static Dictionary<string, string> Raw(JsonObject record) =>
        record.ToDictionary(p => p.Key, p => p.Value?.ToJsonString(Unescaped) ?? "null");

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Sync_NullRow_EveryColumnNull()
    {
        var (records, _) = await SyncTypesAsync();

        var row = Raw(records[0]);
        row["id"].Should().Be("1");
        row.Where(p => p.Key != "id").Should().OnlyContain(p => p.Value == "null");
        row.Should().HaveCount(35);
    }

    [Fact]
    public async Task Sync_MinimumRow_ExactValues()
    {
        var (records, _) = await SyncTypesAsync();

        var row = Raw(records[1]);
        row["c_bool"].Should().Be("false");
        row["c_tinyint"].Should().Be("-128");
        row["c_smallint"].Should().Be("-32768");
        row["c_mediumint"].Should().Be("-8388608");
        row["c_int"].Should().Be("-2147483648");
        row["c_bigint"].Should().Be("-9223372036854775808");
        row["c_bigint_u"].Should().Be("0");
        row["c_dec"].Should().Be("-1234567890123456789012345678.0123456789");
        row["c_dec0"].Should().Be("-9999999999");
        row["c_float"].Should().Be("-1.5");
        row["c_double"].Should().Be("-1.7976931348623157E+308");
        row["c_date"].Should().Be("\"1000-01-01\"");
        row["c_datetime"].Should().Be("\"1000-01-01T00:00:00.000000Z\"");
        row["c_datetime6"].Should().Be("\"1000-01-01T00:00:00.000001Z\"");
        row["c_ts"].Should().Be("\"1970-01-01T00:00:01.000000Z\"");
        row["c_ts6"].Should().Be("\"1970-01-01T00:00:01.000001Z\"");
        row["c_time"].Should().Be("\"-838:59:59.000000\"");
        row["c_time6"].Should().Be("\"-00:00:00.500000\"");
        row["c_year"].Should().Be("1901");
        records[1]["c_varchar"]!.GetValue<string>().Should().Be("héllo ✓ 😀 \"quoted\" \\ back\nslash");
        records[1]["c_text"]!.GetValue<string>().Should().Be("multi\nline\ttab \"q\" ü 中文");
        row["c_char"].Should().Be("\"\"");
        row["c_blob"].Should().Be("\"AP8Q\"");
        row["c_binary"].Should().Be("\"AQIDBA==\"");
        row["c_varbinary"].Should().Be("\"\"");
        row["c_enum"].Should().Be("\"a\"");
        row["c_set"].Should().Be("\"x,z\"");
        row["c_json"].Should().Be("""{"a":[1,2,{"b":null}],"u":"ü","n":1.50}""");
        row["c_bit1"].Should().Be("false");
        row["c_bit8"].Should().Be("170");
        row["c_bit64"].Should().Be("9223372036854775809");
    }

    [Fact]
    public async Task Sync_MaximumRow_ExactValues()
    {
        var (records, _) = await SyncTypesAsync();

        var row = Raw(records[2]);
        row["c_bool"].Should().Be("true");
        row["c_tinyint_u"].Should().Be("255");
        row["c_int_u"].Should().Be("4294967295");
        row["c_bigint"].Should().Be("9223372036854775807");
        row["c_bigint_u"].Should().Be("18446744073709551615");
        row["c_dec"].Should().Be("9999999999999999999999999999.9999999999");
        row["c_float"].Should().Be("3.40282E+38");
        row["c_double"].Should().Be("1.7976931348623157E+308");
        row["c_date"].Should().Be("\"9999-12-31\"");
        row["c_datetime6"].Should().Be("\"9999-12-31T23:59:59.999999Z\"", "the Python tap crashes on this value");
        row["c_ts6"].Should().Be("\"2038-01-19T03:14:07.999999Z\"");
        row["c_time"].Should().Be("\"838:59:59.000000\"");
        row["c_time6"].Should().Be("\"12:34:56.789012\"");
        row["c_year"].Should().Be("2155");
        row["c_varchar"].Should().Be("\"" + new string('z', 255) + "\"");
        row["c_mediumtext"].Should().Be("\"" + new string('m', 1000) + "\"");
        row["c_blob"].Should().Be("\"3q2+7w==\"");
        row["c_varbinary"].Should().Be("\"AAAAAAAAAAAAAAAAAAAAAA==\"");
        row["c_set"].Should().Be("\"x,y,z\"");
        row["c_json"].Should().Be("[]");
        row["c_bit64"].Should().Be("18446744073709551615");
    }

    [Fact]
    public async Task Sync_ZeroDates_NullWithOneWarningPerColumn()
    {
        var (records, run) = await SyncTypesAsync("types_zero");

        records.Select(r => r.ToJsonString()).Should().Equal(
            """{"id":1,"c_date":null,"c_datetime":null,"c_ts":null,"c_year":0}""",
            """{"id":2,"c_date":null,"c_datetime":null,"c_ts":null,"c_year":null}""",
            """{"id":3,"c_date":"2024-02-29","c_datetime":"2024-02-29T23:59:59.000000Z","c_ts":"2024-02-29T12:00:00.000000Z","c_year":2024}""");
        run.Stderr.Should().Contain("WARNING stream 'types_zero': column 'c_date' holds zero or invalid dates (0000-00-00); they are written as null");
        run.Stderr.Split('\n').Count(l => l.Contains("column 'c_date'", StringComparison.Ordinal)).Should().Be(1);
    }

    [Theory]
    [InlineData("FULL_TABLE")]
    [InlineData("INCREMENTAL")]
    public async Task Sync_FloatColumn_StoredSinglePrecisionValueExactly(string method)
    {
        await Db.ExecuteAsync("""
            CREATE TABLE floats (id INT PRIMARY KEY, f FLOAT);
            INSERT INTO floats VALUES (1, 16777216), (2, 0.1), (3, 123456.789), (4, 1.17549435e-38), (5, 3.40282346e38),
              (6, -0.000123456789), (7, 16777217), (8, 1e-45), (9, NULL), (10, 7654321), (11, -98765.4321);
            """);
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config, method, method == "INCREMENTAL" ? "id" : null);

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        // The shortest text that reads back as the stored float (the server's own text has 6 significant digits:
        // 16777200, 123457, 7.65432e6).
        TapRun.Records(run.Stdout).Select(r => Raw(r)["f"]).Should().Equal(
            "16777216", "0.1", "123456.79", "1.1754944E-38", "3.4028235E+38",
            "-0.00012345679", "16777216", "1E-45", "null", "7654321", "-98765.43");
    }

    [Fact]
    public async Task Sync_TypesOutput_PassesSingerCheck()
    {
        var (_, run) = await SyncTypesAsync();

        var check = await Executable.RunAsync("singer-check", [], stdin: run.Stdout);

        check.ExitCode.Should().Be(0, check.Stderr);
        check.Stdout.Should().MatchRegex(@"(?m)^types\s+3\s+1\s+2\s+0$");
        check.Stdout.Should().MatchRegex(@"(?m)^types_zero\s+3\s+1\s+2\s+0$");
    }

    [Fact]
    public async Task Sync_WithThePythonTapsCatalog_SameStreamsAndKeys()
    {
        await TypesTable.LoadAsync(Db);
        var python = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "python-tap-mysql", "catalog-selected-bench-types.json"));
        var catalog = Db.WriteFile("python-catalog.json", python.Replace("\"bench", $"\"{Db.Name}", StringComparison.Ordinal));

        var run = await TapRun.RunAsync("--config", Db.WriteConfig(), "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        var messages = TapRun.Messages(run.Stdout);
        var schema = messages.Single(m => (string)m["type"]! == "SCHEMA");
        schema["key_properties"]!.ToJsonString().Should().Be("""["id"]""");
        TapRun.Records(run.Stdout).Should().HaveCount(3);
        TapRun.LastState(run.Stdout).ToJsonString().Should().Be(
            """{"currently_syncing":null,"bookmarks":{"{db}-types":{"initial_full_table_complete":true}}}""".Replace("{db}", Db.Name, StringComparison.Ordinal));
    }
}
