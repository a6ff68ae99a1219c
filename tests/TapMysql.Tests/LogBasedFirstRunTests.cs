using System.Text.Json.Nodes;

namespace TapMysql.Tests;

/// <summary>LOG_BASED streams never synced before: the binlog coordinates noted, the table copied, the coordinates bookmarked.</summary>
public sealed class LogBasedFirstRunTests : LogBasedTest
{
    [Fact]
    public async Task FirstRun_TableWithKey_CopiesRowsAndBookmarksCoordinatesNotedBeforeCopy()
    {
        await Db.ExecuteAsync("CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(10)); INSERT INTO orders VALUES (1,'new'),(2,'paid'),(3,'new');");
        var (config, catalog) = await SetUpAsync(new JsonObject { ["export_batch_rows"] = 2 });
        var before = await MasterStatusAsync();

        var run = await RunAsync(config, catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        ChangeShape(run).Should().Equal("STATE", "SCHEMA", "ACTIVATE_VERSION", "RECORD", "RECORD", "STATE", "RECORD", "ACTIVATE_VERSION", "STATE");
        RecordLines(run).Should().Equal("""{"id":1,"status":"new"}""", """{"id":2,"status":"paid"}""", """{"id":3,"status":"new"}""");
        var schema = TapRun.Messages(run.Stdout).Single(m => (string)m["type"]! == "SCHEMA");
        schema["schema"]!["properties"]!["_sdc_deleted_at"]!.ToJsonString().Should().Be("""{"inclusion":"available","format":"date-time","type":["null","string"]}""");
        var states = TapRun.Messages(run.Stdout).Where(m => (string)m["type"]! == "STATE").Select(m => m["value"]!).ToList();
        var midCopy = states[1]["bookmarks"]![Id("orders")]!.AsObject();
        midCopy.Select(p => p.Key).Should().BeEquivalentTo("version", "log_file", "log_pos", "max_pk_values", "last_pk_fetched");
        var bookmark = states[^1]["bookmarks"]![Id("orders")]!.AsObject();
        bookmark.Select(p => p.Key).Should().BeEquivalentTo("version", "log_file", "log_pos", "table_columns");
        bookmark["log_file"]!.ToJsonString().Should().Be(midCopy["log_file"]!.ToJsonString());
        bookmark["log_pos"]!.ToJsonString().Should().Be(midCopy["log_pos"]!.ToJsonString());
        AtOrAfter(bookmark, before).Should().BeTrue();
        ((long)bookmark["version"]!).Should().Be((long)TapRun.Messages(run.Stdout).First(m => (string)m["type"]! == "ACTIVATE_VERSION")["version"]!);
        bookmark["table_columns"]!.ToJsonString().Should().Be("""["id","status"]""");
        states[^1]["currently_syncing"].Should().BeNull();
    }

    [Fact]
    public async Task FirstRun_TableWithoutKey_CopiedWholeAndBookmarkedAfter()
    {
        await Db.ExecuteAsync("CREATE TABLE notes (body VARCHAR(20)); INSERT INTO notes VALUES ('a'),('b');");
        var (config, catalog) = await SetUpAsync();

        var run = await RunAsync(config, catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        RecordLines(run).Should().Equal("""{"body":"a"}""", """{"body":"b"}""");
        var states = TapRun.Messages(run.Stdout).Where(m => (string)m["type"]! == "STATE").Select(m => m["value"]!).ToList();
        states.SkipLast(2).Should().OnlyContain(s => s["bookmarks"] == null || s["bookmarks"]![Id("notes")]!["log_file"] == null,
            "a copy without a key is not resumable, so its coordinates are bookmarked only once it is complete");
        var bookmark = states[^1]["bookmarks"]![Id("notes")]!.AsObject();
        bookmark.Select(p => p.Key).Should().BeEquivalentTo("version", "log_file", "log_pos", "table_columns");
    }

    [Fact]
    public async Task FirstRun_InterruptedCopyInPythonShape_ResumesAfterLastKeyKeepingCoordinatesAndVersion()
    {
        await Db.ExecuteAsync("CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(10)); INSERT INTO orders VALUES (1,'a'),(2,'b'),(3,'c'),(4,'d');");
        var (config, catalog) = await SetUpAsync();
        var now = await MasterStatusAsync();
        // What the Python tap's state holds mid-copy (state-types-logbased-run1's interim STATE).
        var state = new JsonObject
        {
            ["currently_syncing"] = Id("orders"),
            ["bookmarks"] = new JsonObject
            {
                [Id("orders")] = new JsonObject
                {
                    ["version"] = 1795637926779, ["log_file"] = now.File, ["log_pos"] = now.Position,
                    ["max_pk_values"] = new JsonObject { ["id"] = 3 }, ["last_pk_fetched"] = new JsonObject { ["id"] = 1 },
                },
            },
        };

        var run = await RunAsync(config, catalog, state);

        run.ExitCode.Should().Be(0, run.Stderr);
        RecordLines(run).Should().Equal("""{"id":2,"status":"b"}""", """{"id":3,"status":"c"}""");
        TapRun.Messages(run.Stdout).Where(m => (string)m["type"]! == "RECORD").Should().OnlyContain(m => (long)m["version"]! == 1795637926779);
        var bookmark = TapRun.LastState(run.Stdout)["bookmarks"]![Id("orders")]!;
        bookmark["log_file"]!.GetValue<string>().Should().Be(now.File);
        ((long)bookmark["log_pos"]!).Should().Be(now.Position);
        ((long)bookmark["version"]!).Should().Be(1795637926779);
        bookmark["max_pk_values"].Should().BeNull();
    }

    [Fact]
    public async Task Sync_LogBasedView_RefusedWithOneLine()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY); CREATE VIEW v AS SELECT id FROM t;");
        var (config, catalog) = await SetUpAsync(edit: SelectOnly(table => table == "v"));

        var run = await RunAsync(config, catalog);

        run.ExitCode.Should().Be(2, run.Stderr);
        run.Stdout.Should().BeEmpty();
        Critical(run).Should().Be($"CRITICAL stream '{Id("v")}' is a view, which has no rows in the binary log: LOG_BASED needs a table (use FULL_TABLE or INCREMENTAL)");
    }

    [Fact]
    public async Task Sync_ServerIdOfTheServerItself_RefusedBeforeAnyOutput()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY);");
        var (config, catalog) = await SetUpAsync(new JsonObject { ["server_id"] = 1 });

        var run = await RunAsync(config, catalog);

        run.ExitCode.Should().Be(2, run.Stderr);
        run.Stdout.Should().BeEmpty();
        Critical(run).Should().Contain("config key 'server_id' is 1, the server's own server_id");
    }

    [Fact]
    public async Task Sync_ServerIdOutOfRange_Refused()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY);");
        var (config, catalog) = await SetUpAsync(new JsonObject { ["server_id"] = 4294967296L });
        var now = await MasterStatusAsync();
        var state = Bookmark(Id("t"), 1, now.File, 4);

        var run = await RunAsync(config, catalog, state);

        run.ExitCode.Should().Be(2, run.Stderr);
        run.Stderr.Should().Contain("config key 'server_id' must be between 1 and 4294967295, got 4294967296");
    }

    [Fact]
    public async Task About_ListsLogBasedSettings()
    {
        var run = await TapRun.RunAsync("--about", "--format", "json");

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().Contain("log_based_resync_when_purged").And.Contain("server_id");
    }
}
