using System.Text.Json.Nodes;

namespace TapMysql.Tests;

public sealed class IncrementalTests : MysqlTest
{
    [Theory]
    [InlineData("updated_at", "DATETIME(6)")]
    [InlineData("updated_ts", "TIMESTAMP(6) NULL")]
    [InlineData("seq_no", "BIGINT")]
    public async Task Rerun_FromState_EmitsBoundaryAndChangedRowsOnly(string key, string type)
    {
        await Db.ExecuteAsync($"""
            CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(10), {key} {type});
            INSERT INTO orders VALUES (1,'new',{Value(key, 1)}),(2,'new',{Value(key, 2)}),(3,'new',{Value(key, 3)});
            """);
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config, "INCREMENTAL", key);
        var id = $"{Db.Name}-orders";

        var first = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        first.ExitCode.Should().Be(0, first.Stderr);
        TapRun.Records(first.Stdout).Select(r => (int)r["id"]!).Should().Equal(1, 2, 3);
        var state = TapRun.LastState(first.Stdout);
        var bookmark = state["bookmarks"]![id]!.AsObject();
        ((string)bookmark["replication_key"]!).Should().Be(key);
        bookmark["replication_key_value"]!.ToJsonString().Should().Be(Expected(key, 3));
        var schema = TapRun.Messages(first.Stdout).Single(m => (string)m["type"]! == "SCHEMA");
        schema["bookmark_properties"]!.ToJsonString().Should().Be($"[\"{key}\"]");

        await Db.ExecuteAsync($"UPDATE orders SET status='paid', {key}={Value(key, 5)} WHERE id=1; INSERT INTO orders VALUES (4,'new',{Value(key, 4)});");
        var rerun = await TapRun.RunAsync("--config", config, "--catalog", catalog, "--state", Db.WriteFile("state.json", state.ToJsonString()));

        rerun.ExitCode.Should().Be(0, rerun.Stderr);
        TapRun.Records(rerun.Stdout).Select(r => $"{r["id"]}:{r["status"]}").Should().Equal("3:new", "4:new", "1:paid");
        var after = TapRun.LastState(rerun.Stdout)["bookmarks"]![id]!;
        after["replication_key_value"]!.ToJsonString().Should().Be(Expected(key, 5));
        ((long)after["version"]!).Should().Be((long)bookmark["version"]!, "an incremental stream keeps its table version");
    }

    [Fact]
    public async Task Rerun_WithPythonStyleDatetimeBookmark_Accepted()
    {
        await Db.ExecuteAsync("""
            CREATE TABLE events (id INT PRIMARY KEY, happened DATE);
            INSERT INTO events VALUES (1,'2024-01-01'),(2,'2024-01-02'),(3,'2024-01-03');
            """);
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config, "INCREMENTAL", "happened");
        var id = $"{Db.Name}-events";
        // The Python tap writes DATE bookmarks as datetimes.
        var state = Db.WriteFile("state.json", """{"bookmarks":{"{id}":{"replication_key":"happened","replication_key_value":"2024-01-02T00:00:00.000000Z","version":1}}}""".Replace("{id}", id, StringComparison.Ordinal));

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog, "--state", state);

        run.ExitCode.Should().Be(0, run.Stderr);
        TapRun.Records(run.Stdout).Select(r => (int)r["id"]!).Should().Equal(2, 3);
        TapRun.LastState(run.Stdout)["bookmarks"]![id]!["replication_key_value"]!.ToJsonString().Should().Be("\"2024-01-03\"");
    }

    [Fact]
    public async Task Sync_ReplicationKeyChanged_StartsOver()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, n INT); INSERT INTO t VALUES (1,10),(2,20);");
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config, "INCREMENTAL", "n");
        var id = $"{Db.Name}-t";
        var state = Db.WriteFile("state.json", """{"bookmarks":{"{id}":{"replication_key":"id","replication_key_value":2}}}""".Replace("{id}", id, StringComparison.Ordinal));

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog, "--state", state);

        TapRun.Records(run.Stdout).Should().HaveCount(2);
        TapRun.LastState(run.Stdout)["bookmarks"]![id]!["replication_key_value"]!.ToJsonString().Should().Be("20");
    }

    [Fact]
    public async Task Sync_BookmarkWithoutVersion_NoActivateVersionAndNoVersionKept()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, n INT); INSERT INTO t VALUES (1,10),(2,20),(3,30);");
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config, "INCREMENTAL", "n");
        var id = $"{Db.Name}-t";
        var state = Db.WriteFile("state.json", """{"bookmarks":{"{id}":{"replication_key":"n","replication_key_value":20}}}""".Replace("{id}", id, StringComparison.Ordinal));

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog, "--state", state);

        run.ExitCode.Should().Be(0, run.Stderr);
        TapRun.Records(run.Stdout).Select(r => (int)r["id"]!).Should().Equal(2, 3);
        TapRun.Messages(run.Stdout).Should().NotContain(m => (string)m["type"]! == "ACTIVATE_VERSION");
        run.Stderr.Should().Contain($"WARNING stream '{id}': the state has a replication_key_value but no \"version\"");
        TapRun.LastState(run.Stdout)["bookmarks"]![id]!.ToJsonString().Should().Be("""{"replication_key":"n","replication_key_value":30}""");
    }

    [Fact]
    public async Task Sync_IncrementalWithoutReplicationKey_Exits2WithOneLine()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config, "INCREMENTAL");

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(2);
        run.Stderr.Trim().Split('\n').Last().Should().Be($"CRITICAL stream '{Db.Name}-t' is INCREMENTAL but has no replication-key in its metadata");
    }

    private static string Value(string key, int n) => key == "seq_no" ? (n * 10).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"'2024-03-0{n} 10:00:00.00000{n}'";

    private static string Expected(string key, int n) => key == "seq_no" ? (n * 10).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"\"2024-03-0{n}T10:00:00.00000{n}Z\"";
}
