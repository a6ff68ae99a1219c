using System.Text.Json.Nodes;

namespace TapMysql.Tests;

/// <summary>JSON columns: parsed values by default, the document's text when the catalog declares the column a string.</summary>
public sealed class JsonColumnTests : MysqlTest
{
    private async Task SeedAsync() =>
        await Db.ExecuteAsync("""
            CREATE TABLE docs (id INT PRIMARY KEY, doc JSON);
            INSERT INTO docs VALUES (1, '{"a": 1}'), (2, '"scalar"'), (3, '[1,2]'), (4, 'null'), (5, NULL), (6, '12.50');
            """);

    /// <summary>The doc of each record: a parsed value as JSON, a string as its text, SQL NULL as C# null.</summary>
    private static List<string?> Docs(string stdout, bool text) =>
        TapRun.Records(stdout).Select(r => text ? r["doc"]?.GetValue<string>() : r["doc"]?.ToJsonString() ?? "null").ToList();

    private static JsonObject DocSchema(JsonObject catalog) => catalog["streams"]![0]!["schema"]!["properties"]!["doc"]!.AsObject();

    [Fact]
    public async Task Sync_DefaultDiscovery_ParsedDocuments()
    {
        await SeedAsync();
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config);

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        Docs(run.Stdout, text: false).Should().Equal("""{"a":1}""", "\"scalar\"", "[1,2]", "null", "null", "12.50");
    }

    [Fact]
    public async Task Discover_JsonAsString_ColumnDeclaredString()
    {
        await SeedAsync();

        var catalog = await TapRun.DiscoverAsync(Db.WriteConfig(new JsonObject { ["json_as_string"] = true }));

        DocSchema(catalog).ToJsonString().Should().Be("""{"inclusion":"available","type":["null","string"]}""");
    }

    [Theory]
    [InlineData("json_as_string")]
    [InlineData("catalog edited like the Python tap's")]
    public async Task Sync_ColumnDeclaredString_DocumentsAsText(string how)
    {
        await SeedAsync();
        var config = Db.WriteConfig(how == "json_as_string" ? new JsonObject { ["json_as_string"] = true } : null);
        var catalog = await TapRun.SelectAllAsync(Db, config, edit: c =>
        {
            if (how != "json_as_string")
            {
                DocSchema(c)["type"] = new JsonArray("null", "string");
                DocSchema(c)["maxLength"] = 4294967295;
            }
        });

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        Docs(run.Stdout, text: true).Should().Equal("""{"a": 1}""", "\"scalar\"", "[1,2]", "null", null, "12.50");
        var schema = TapRun.Messages(run.Stdout).Single(m => (string)m["type"]! == "SCHEMA");
        schema["schema"]!["properties"]!["doc"]!.ToJsonString().Should().Be("""{"type":["null","string"],"inclusion":"available"}""");
    }
}
