using System.Text.Json.Nodes;

namespace TapMysql.Tests;

public sealed class SelectionTests : MysqlTest
{
    [Fact]
    public async Task Sync_DeselectedColumns_AbsentFromSchemaAndRecordsButKeyKept()
    {
        await Db.ExecuteAsync("""
            CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(20), email VARCHAR(40), secret VARCHAR(10), place POINT);
            INSERT INTO people VALUES (1, 'Ann', 'ann@x.org', 's3', POINT(1,2));
            """);
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config, edit: c =>
        {
            var stream = c["streams"]![0]!.AsObject();
            TapRun.Metadata(stream, ["properties", "secret"])["selected"] = false;
            TapRun.Metadata(stream, ["properties", "id"])["selected"] = false;
            TapRun.Metadata(stream, ["properties", "place"])["selected"] = true;
        });

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        TapRun.Records(run.Stdout).Single().ToJsonString().Should().Be("""{"id":1,"name":"Ann","email":"ann@x.org"}""");
        var schema = TapRun.Messages(run.Stdout).Single(m => (string)m["type"]! == "SCHEMA");
        schema["schema"]!["properties"]!.AsObject().Select(p => p.Key).Should().Equal("id", "name", "email");
    }

    [Fact]
    public async Task Sync_UnselectedStream_NotSynced()
    {
        await Db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY); CREATE TABLE b (id INT PRIMARY KEY); INSERT INTO a VALUES (1); INSERT INTO b VALUES (2);");
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config, edit: c =>
        {
            var b = c["streams"]!.AsArray().Single(s => (string)s!["table_name"]! == "b")!.AsObject();
            TapRun.Metadata(b, []).Remove("selected");
        });

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        TapRun.Messages(run.Stdout).Where(m => m["stream"] is not null).Select(m => (string)m["stream"]!).Distinct().Should().Equal("a");
    }

    [Fact]
    public async Task Sync_ViewWithViewKeyProperties_UsesThemAsKey()
    {
        await Db.ExecuteAsync("""
            CREATE TABLE base (id INT PRIMARY KEY, n INT);
            INSERT INTO base VALUES (1, 10), (2, 20), (3, 30);
            CREATE VIEW big AS SELECT id, n FROM base WHERE n >= 20;
            """);
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config, edit: c =>
        {
            var streams = c["streams"]!.AsArray();
            var view = streams.Single(s => (string)s!["table_name"]! == "big")!.AsObject();
            TapRun.Metadata(view, [])["view-key-properties"] = new JsonArray("id");
            streams.Remove(streams.Single(s => (string)s!["table_name"]! == "base"));
        });

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        var schema = TapRun.Messages(run.Stdout).Single(m => (string)m["type"]! == "SCHEMA");
        schema["key_properties"]!.ToJsonString().Should().Be("""["id"]""");
        TapRun.Records(run.Stdout).Select(r => r.ToJsonString()).Should().Equal("""{"id":2,"n":20}""", """{"id":3,"n":30}""");
    }

    [Fact]
    public async Task Sync_SelectedTableDropped_WarnsAndGoesOn()
    {
        await Db.ExecuteAsync("CREATE TABLE gone (id INT PRIMARY KEY); CREATE TABLE kept (id INT PRIMARY KEY); INSERT INTO kept VALUES (1);");
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config);
        await Db.ExecuteAsync("DROP TABLE gone");

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stderr.Should().Contain($"WARNING stream '{Db.Name}-gone' was selected but its table does not exist; skipping it");
        TapRun.Records(run.Stdout).Should().ContainSingle();
    }
}
