using System.Text.Json.Nodes;

namespace TapMysql.Tests;

/// <summary>partition: shares of a FULL_TABLE copy, which together are exactly one copy of the table.</summary>
public sealed class PartitionTests : MysqlTest
{
    private async Task<string> CatalogAsync()
    {
        await Db.ExecuteAsync("""
            CREATE TABLE numbered (id BIGINT UNSIGNED PRIMARY KEY, v VARCHAR(20));
            INSERT INTO numbered SELECT seq * seq, CONCAT('n', seq) FROM seq_1_to_997;
            INSERT INTO numbered VALUES (18446744073709551615, 'top'), (0, 'zero');
            CREATE TABLE named (code VARCHAR(30) PRIMARY KEY, v INT);
            INSERT INTO named SELECT CONCAT('c', LPAD(seq, 4, '0'), IF(seq % 7 = 0, ' ''quoted''', '')), seq FROM seq_1_to_501;
            CREATE TABLE pairs (a INT, b VARCHAR(5), v INT, PRIMARY KEY (a, b));
            INSERT INTO pairs SELECT seq % 3, CONCAT('b', seq), seq FROM seq_1_to_100;
            CREATE TABLE tiny (id INT PRIMARY KEY);
            INSERT INTO tiny VALUES (5), (6);
            CREATE TABLE empty_one (id INT PRIMARY KEY);
            """);
        return await TapRun.SelectAllAsync(Db, Db.WriteConfig());
    }

    private static Dictionary<string, List<string>> RecordsByStream(string stdout) =>
        TapRun.Messages(stdout).Where(m => (string)m["type"]! == "RECORD")
            .GroupBy(m => (string)m["stream"]!)
            .ToDictionary(g => g.Key, g => g.Select(m => m["record"]!.ToJsonString()).ToList());

    [Fact]
    public async Task FourShares_TogetherAreExactlyOneCopy_NoRowTwice()
    {
        var catalog = await CatalogAsync();
        var whole = await TapRun.RunAsync("--config", Db.WriteConfig(), "--catalog", catalog);
        whole.ExitCode.Should().Be(0, whole.Stderr);
        var expected = RecordsByStream(whole.Stdout);

        var union = new Dictionary<string, List<string>>();
        for (var index = 0; index < 4; index++)
        {
            var config = Db.WriteConfig(new JsonObject { ["partition"] = new JsonObject { ["count"] = 4, ["index"] = index } });
            var share = await TapRun.RunAsync("--config", config, "--catalog", catalog);
            share.ExitCode.Should().Be(0, share.Stderr);
            TapRun.Messages(share.Stdout).Should().NotContain(m => (string)m["type"]! == "ACTIVATE_VERSION", "a share must not delete the others' rows");
            share.Stderr.Should().Contain($"share {index} of 4");
            foreach (var (stream, records) in RecordsByStream(share.Stdout))
            {
                union.TryAdd(stream, []);
                union[stream].AddRange(records);
            }
            var bookmarks = TapRun.LastState(share.Stdout)["bookmarks"]!.AsObject();
            bookmarks.Select(b => b.Value!.ToJsonString()).Should().OnlyContain(b => b == """{"initial_full_table_complete":true}""");
        }

        union.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (stream, records) in expected)
        {
            union[stream].Should().BeEquivalentTo(records, $"stream {stream}");
            union[stream].Should().OnlyHaveUniqueItems();
        }
        expected.Values.Sum(r => r.Count).Should().Be(999 + 501 + 100 + 2);
    }

    [Fact]
    public async Task SharesOfAnEvenKeyRange_AreEven()
    {
        await Db.ExecuteAsync("CREATE TABLE items (id INT PRIMARY KEY); INSERT INTO items SELECT seq FROM seq_1_to_1000;");
        var catalog = await TapRun.SelectAllAsync(Db, Db.WriteConfig());

        var counts = new List<int>();
        for (var index = 0; index < 3; index++)
        {
            var share = await TapRun.RunAsync("--config", Db.WriteConfig(new JsonObject { ["partition"] = new JsonObject { ["count"] = 3, ["index"] = index } }), "--catalog", catalog);
            share.ExitCode.Should().Be(0, share.Stderr);
            counts.Add(TapRun.Records(share.Stdout).Count);
        }

        counts.Should().Equal(333, 333, 334);
    }

    [Fact]
    public async Task AResumedShare_KeepsTheRangeItStartedWith()
    {
        await Db.ExecuteAsync("CREATE TABLE items (id INT PRIMARY KEY); INSERT INTO items SELECT seq FROM seq_1_to_100;");
        var config = Db.WriteConfig(new JsonObject { ["partition"] = new JsonObject { ["count"] = 2, ["index"] = 1 }, ["export_batch_rows"] = 10 });
        var catalog = await TapRun.SelectAllAsync(Db, config);
        var id = $"{Db.Name}-items";
        // The state a share killed after its first checkpoint leaves; then rows arrive that would move a new split.
        var state = Db.WriteFile("state.json", """
            {"currently_syncing": "ID", "bookmarks": {"ID": {"partition": {"count": 2, "index": 1, "after": 50},
             "version": 1, "max_pk_values": {"id": 100}, "last_pk_fetched": {"id": 60}}}}
            """.Replace("ID", id, StringComparison.Ordinal));
        await Db.ExecuteAsync("INSERT INTO items SELECT seq FROM seq_1001_to_1100;");

        var rerun = await TapRun.RunAsync("--config", config, "--catalog", catalog, "--state", state);

        rerun.ExitCode.Should().Be(0, rerun.Stderr);
        TapRun.Records(rerun.Stdout).Select(r => (int)r["id"]!).Should().Equal(Enumerable.Range(61, 40));
        TapRun.LastState(rerun.Stdout)["bookmarks"]![id]!.ToJsonString().Should().Be("""{"initial_full_table_complete":true}""");
    }

    [Fact]
    public async Task TheIndexFromAKubernetesIndexedJob()
    {
        await Db.ExecuteAsync("CREATE TABLE items (id INT PRIMARY KEY); INSERT INTO items SELECT seq FROM seq_1_to_10;");
        var catalog = await TapRun.SelectAllAsync(Db, Db.WriteConfig());
        var config = Db.WriteConfig(new JsonObject { ["partition"] = new JsonObject { ["count"] = 2 } });
        var start = Executable.StartInfo("tap-mysql");
        foreach (var arg in new[] { "--config", config, "--catalog", catalog })
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["JOB_COMPLETION_INDEX"] = "1";
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.Should().Be(0, stderr);
        TapRun.Records(await stdout).Select(r => (int)r["id"]!).Should().Equal(6, 7, 8, 9, 10);
    }

    [Theory]
    [InlineData("""{"count": 4, "index": 4}""", "config key 'partition': index must be between 0 and count - 1 (3), got 4")]
    [InlineData("""{"count": 0, "index": 0}""", "config key 'partition': count must be between 1 and 10000, got 0")]
    [InlineData("""{"count": 2, "index": "one"}""", "config key 'partition': index must be an integer, got \"one\"")]
    [InlineData("""{"count": 2, "index": 0, "by": "id"}""", "config key 'partition' has an unknown key 'by' (allowed: count, index)")]
    [InlineData("""{"index": 0}""", "config key 'partition' has no count, and JOB_COMPLETION_COUNT is not set")]
    [InlineData("4", "config key 'partition' must be an object, got 4")]
    public async Task ABadSetting_IsOneLine(string setting, string error)
    {
        await Db.ExecuteAsync("CREATE TABLE items (id INT PRIMARY KEY);");
        var catalog = await TapRun.SelectAllAsync(Db, Db.WriteConfig());
        var config = Db.WriteConfig(new JsonObject { ["partition"] = JsonNode.Parse(setting) });

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().NotBe(0);
        run.Stdout.Should().BeEmpty();
        run.Stderr.Should().Contain(error);
    }

    [Theory]
    [InlineData("INCREMENTAL", "CREATE TABLE items (id INT PRIMARY KEY)", "is INCREMENTAL; only FULL_TABLE streams can be copied in shares")]
    [InlineData("FULL_TABLE", "CREATE TABLE items (id INT)", "has no primary key (key-properties) to split it by")]
    public async Task AStreamThatCannotBeShared_IsRefusedBeforeAnyRecord(string method, string table, string error)
    {
        await Db.ExecuteAsync(table + "; INSERT INTO items VALUES (1);");
        var config = Db.WriteConfig(new JsonObject { ["partition"] = new JsonObject { ["count"] = 2, ["index"] = 0 } });
        var catalog = await TapRun.SelectAllAsync(Db, config, method, method == "INCREMENTAL" ? "id" : null);

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().NotBe(0);
        run.Stderr.Should().Contain($"stream '{Db.Name}-items' " + error);
        TapRun.Records(run.Stdout).Should().BeEmpty();
    }
}
