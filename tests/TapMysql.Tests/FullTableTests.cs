using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TapMysql.Tests;

public sealed class FullTableTests : MysqlTest
{
    private async Task SeedAsync(int rows) =>
        await Db.ExecuteAsync($"""
            CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2));
            INSERT INTO items SELECT seq, CONCAT('item ', seq), seq / 100 FROM seq_1_to_{rows};
            """);

    [Fact]
    public async Task Sync_KeyedTable_StateEveryNRowsThenCompleteWithTwoActivateVersions()
    {
        await SeedAsync(2500);
        var config = Db.WriteConfig(new JsonObject { ["export_batch_rows"] = 1000 });
        var catalog = await TapRun.SelectAllAsync(Db, config);

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        var messages = TapRun.Messages(run.Stdout);
        var id = $"{Db.Name}-items";
        messages.Select(m => (string)m["type"]!).Where(t => t != "RECORD").Should().Equal(
            "STATE", "SCHEMA", "ACTIVATE_VERSION", "STATE", "STATE", "ACTIVATE_VERSION", "STATE", "STATE");
        var states = messages.Where(m => (string)m["type"]! == "STATE").Select(m => m["value"]!.ToJsonString()).ToList();
        var version = (long)messages.First(m => (string)m["type"]! == "ACTIVATE_VERSION")["version"]!;
        states[1].Should().Be("""{"currently_syncing":"{id}","bookmarks":{"{id}":{"version":{version},"max_pk_values":{"id":2500},"last_pk_fetched":{"id":1000}}}}""".Replace("{id}", id, StringComparison.Ordinal).Replace("{version}", version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        states[2].Should().Be("""{"currently_syncing":"{id}","bookmarks":{"{id}":{"version":{version},"max_pk_values":{"id":2500},"last_pk_fetched":{"id":2000}}}}""".Replace("{id}", id, StringComparison.Ordinal).Replace("{version}", version.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        states[3].Should().Be("""{"currently_syncing":"{id}","bookmarks":{"{id}":{"initial_full_table_complete":true}}}""".Replace("{id}", id, StringComparison.Ordinal));
        states[4].Should().Be("""{"currently_syncing":null,"bookmarks":{"{id}":{"initial_full_table_complete":true}}}""".Replace("{id}", id, StringComparison.Ordinal));
        var records = TapRun.Records(run.Stdout);
        records.Select(r => (int)r["id"]!).Should().Equal(Enumerable.Range(1, 2500));
        records[1233].ToJsonString().Should().Be("""{"id":1234,"name":"item 1234","price":12.34}""");
        messages.Where(m => (string)m["type"]! == "RECORD").Should().OnlyContain(m => (long)m["version"]! == version);
    }

    [Fact]
    public async Task Sync_KilledMidCopy_RerunFromStateContinuesAfterLastKeyWithSameVersion()
    {
        await SeedAsync(200_000);
        var config = Db.WriteConfig(new JsonObject { ["export_batch_rows"] = 1000 });
        var catalog = await TapRun.SelectAllAsync(Db, config);

        var (state, emitted) = await RunUntilKilledAsync(config, catalog, statesBeforeKill: 3);
        var bookmark = state["bookmarks"]![$"{Db.Name}-items"]!;
        var lastKey = (int)bookmark["last_pk_fetched"]!["id"]!;
        lastKey.Should().BeGreaterThanOrEqualTo(2000);
        emitted.Should().BeGreaterThanOrEqualTo(lastKey, "every record up to the bookmark was written before its STATE");

        var statePath = Db.WriteFile("state.json", state.ToJsonString());
        var rerun = await TapRun.RunAsync("--config", config, "--catalog", catalog, "--state", statePath);

        rerun.ExitCode.Should().Be(0, rerun.Stderr);
        var records = TapRun.Records(rerun.Stdout);
        records.Select(r => (int)r["id"]!).Should().Equal(Enumerable.Range(lastKey + 1, 200_000 - lastKey));
        var activations = TapRun.Messages(rerun.Stdout).Where(m => (string)m["type"]! == "ACTIVATE_VERSION").ToList();
        activations.Should().ContainSingle("a resumed copy does not re-activate at its start");
        ((long)activations[0]["version"]!).Should().Be((long)bookmark["version"]!, "the resumed copy keeps the killed run's version");
        rerun.Stderr.Should().Contain($"resuming the full-table copy after {{\"id\":{lastKey}}}");
    }

    [Fact]
    public async Task Sync_TableWithoutKey_CopiedWholeWithoutPkBookmarks()
    {
        await Db.ExecuteAsync("CREATE TABLE log (at DATETIME, msg TEXT); INSERT INTO log VALUES ('2024-05-01 10:00:00', 'a'), ('2024-05-01 10:00:00', 'a'), (NULL, 'b');");
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config);

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        TapRun.Records(run.Stdout).Select(r => r.ToJsonString()).Should().BeEquivalentTo(
            """{"at":"2024-05-01T10:00:00.000000Z","msg":"a"}""", """{"at":"2024-05-01T10:00:00.000000Z","msg":"a"}""", """{"at":null,"msg":"b"}""");
        TapRun.Messages(run.Stdout).Single(m => (string)m["type"]! == "SCHEMA")["key_properties"]!.AsArray().Should().BeEmpty();
        TapRun.LastState(run.Stdout).ToJsonString().Should().Be("""{"currently_syncing":null,"bookmarks":{"{db}-log":{"initial_full_table_complete":true}}}""".Replace("{db}", Db.Name, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sync_CompositeKeyResume_StartsStrictlyAfterTheBookmark()
    {
        await Db.ExecuteAsync("""
            CREATE TABLE pairs (a INT, b VARCHAR(5), v INT, PRIMARY KEY (a, b));
            INSERT INTO pairs VALUES (1,'x',1),(1,'y',2),(2,'a',3),(2,'b',4),(3,'a',5);
            """);
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config);
        var id = $"{Db.Name}-pairs";
        var state = Db.WriteFile("state.json", """
            {"currently_syncing":"{id}","bookmarks":{"{id}":{"version":7,"max_pk_values":{"a":2,"b":"b"},"last_pk_fetched":{"a":1,"b":"y"}}}}
            """.Replace("{id}", id, StringComparison.Ordinal));

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog, "--state", state);

        run.ExitCode.Should().Be(0, run.Stderr);
        TapRun.Records(run.Stdout).Select(r => (int)r["v"]!).Should().Equal(3, 4);
        TapRun.Messages(run.Stdout).Where(m => m["version"] is not null).Should().OnlyContain(m => (long)m["version"]! == 7);
    }

    [Fact]
    public async Task Sync_ResumeFromStateWithoutVersion_NoActivateVersionSoNoRowIsDropped()
    {
        await SeedAsync(3000);
        var config = Db.WriteConfig(new JsonObject { ["export_batch_rows"] = 1000 });
        var catalog = await TapRun.SelectAllAsync(Db, config);
        var id = $"{Db.Name}-items";
        // What the Python tap writes mid-copy: the keys, no version.
        var state = Db.WriteFile("state.json", """
            {"currently_syncing":"{id}","bookmarks":{"{id}":{"last_pk_fetched":{"id":1000},"max_pk_values":{"id":3000}}}}
            """.Replace("{id}", id, StringComparison.Ordinal));

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog, "--state", state);

        run.ExitCode.Should().Be(0, run.Stderr);
        var messages = TapRun.Messages(run.Stdout);
        messages.Select(m => (string)m["type"]!).Where(t => t != "RECORD").Should().Equal("STATE", "SCHEMA", "STATE", "STATE", "STATE", "STATE");
        TapRun.Records(run.Stdout).Select(r => (int)r["id"]!).Should().Equal(Enumerable.Range(1001, 2000));
        var states = messages.Where(m => (string)m["type"]! == "STATE").Select(m => m["value"]!.ToJsonString()).ToList();
        states[1].Should().Be("""{"currently_syncing":"{id}","bookmarks":{"{id}":{"last_pk_fetched":{"id":2000},"max_pk_values":{"id":3000}}}}""".Replace("{id}", id, StringComparison.Ordinal),
            "a copy interrupted again must still resume as one of unknown version");
        states[^1].Should().Be("""{"currently_syncing":null,"bookmarks":{"{id}":{"initial_full_table_complete":true}}}""".Replace("{id}", id, StringComparison.Ordinal));
        run.Stderr.Should().Contain($"WARNING stream '{id}': the resumed full-table copy's state has no \"version\"");
    }

    [Fact]
    public async Task Sync_ResumeFromStateWithoutVersionIntoTargetDuckDb_EveryRowKept()
    {
        await SeedAsync(3000);
        var config = Db.WriteConfig(new JsonObject { ["export_batch_rows"] = 1000 });
        var catalog = await TapRun.SelectAllAsync(Db, config);
        var id = $"{Db.Name}-items";
        var warehouse = Path.Combine(Db.Directory, "warehouse.duckdb");
        var target = Db.WriteFile("duckdb.json", new JsonObject { ["path"] = warehouse }.ToJsonString());
        // The interrupted run: rows 1..1000 loaded under a version the next state does not hold.
        var interrupted = await TapRun.RunAsync("--config", config, "--catalog", catalog, "--state", Db.WriteFile("first.json", """
            {"currently_syncing":"{id}","bookmarks":{"{id}":{"version":5,"last_pk_fetched":{"id":0},"max_pk_values":{"id":1000}}}}
            """.Replace("{id}", id, StringComparison.Ordinal)));
        interrupted.ExitCode.Should().Be(0, interrupted.Stderr);
        (await Executable.RunAsync("target-duckdb", ["--config", target], stdin: interrupted.Stdout)).ExitCode.Should().Be(0);

        var resumed = await TapRun.RunAsync("--config", config, "--catalog", catalog, "--state", Db.WriteFile("state.json", """
            {"currently_syncing":"{id}","bookmarks":{"{id}":{"last_pk_fetched":{"id":1000},"max_pk_values":{"id":3000}}}}
            """.Replace("{id}", id, StringComparison.Ordinal)));
        resumed.ExitCode.Should().Be(0, resumed.Stderr);
        var load = await Executable.RunAsync("target-duckdb", ["--config", target], stdin: resumed.Stdout);

        load.ExitCode.Should().Be(0, load.Stderr);
        await using var duckdb = new DuckDB.NET.Data.DuckDBConnection($"Data Source={warehouse}");
        await duckdb.OpenAsync();
        await using var count = duckdb.CreateCommand();
        count.CommandText = "SELECT count(*), count(DISTINCT id), min(id), max(id) FROM items";
        await using var reader = await count.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue();
        Enumerable.Range(0, 4).Select(i => Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))
            .Should().Equal(3000, 3000, 1, 3000);
    }

    /// <summary>Starts a copy, reads its stdout until the n-th STATE with last_pk_fetched, then kills the process.</summary>
    private static async Task<(JsonObject State, int Records)> RunUntilKilledAsync(string config, string catalog, int statesBeforeKill)
    {
        var start = new ProcessStartInfo(Path.Combine(Executable.RepoRoot, "bin", "tap-mysql"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (!File.Exists(start.FileName))
        {
            start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tap-mysql.dll"));
        }
        foreach (var arg in new[] { "--config", config, "--catalog", catalog })
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        var records = 0;
        var seen = 0;
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            var message = JsonNode.Parse(line)!.AsObject();
            if ((string)message["type"]! == "RECORD")
            {
                records++;
            }
            else if ((string)message["type"]! == "STATE" && message["value"]!.ToJsonString().Contains("last_pk_fetched", StringComparison.Ordinal) && ++seen == statesBeforeKill)
            {
                process.Kill();
                await process.WaitForExitAsync();
                return (message["value"]!.AsObject(), records);
            }
        }
        throw new InvalidOperationException("the copy finished before it could be killed");
    }
}
