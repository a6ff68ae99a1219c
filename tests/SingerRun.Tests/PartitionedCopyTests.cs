using System.Text.Json.Nodes;
using TapMysql.Tests;

namespace SingerRun.Tests;

/// <summary>
/// One big table copied by four singer-run pipelines at once, each tap-mysql taking a share (partition), each with its
/// own state id, all loading the same target-postgres table: the table ends as one plain copy would leave it.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PartitionedCopyTests : MysqlAndPostgres, IDisposable
{
    private readonly RunDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task FourSharesAtOnce_IntoOneTable_EqualOneCopy()
    {
        await Mysql.ExecuteAsync("""
            CREATE TABLE events (id BIGINT PRIMARY KEY, amount DECIMAL(12,2), note VARCHAR(40));
            INSERT INTO events SELECT CAST(seq AS SIGNED) * 7 - 3000, seq / 100, CONCAT('e', seq) FROM seq_1_to_20000;
            """);
        var catalog = await TapRun.SelectAllAsync(Mysql, Mysql.WriteConfig());
        var target = RunDirectory.Command("target-postgres", "--config", Postgres.WriteConfig());

        var shares = Enumerable.Range(0, 4).Select(index =>
        {
            var config = Mysql.WriteConfig(new JsonObject { ["partition"] = new JsonObject { ["count"] = 4, ["index"] = index } }, $"share-{index}.json");
            return RunDirectory.RunAsync("--tap", RunDirectory.Command("tap-mysql", "--config", config, "--catalog", catalog),
                "--target", target, "--state-id", $"events-share-{index}", "--state-backend", _dir.Backend);
        }).ToList();
        var results = await Task.WhenAll(shares);

        results.Should().AllSatisfy(r => r.ExitCode.Should().Be(0, r.Stderr));
        var table = Postgres.Qualified("events");
        (await Postgres.QueryAsync($"SELECT COUNT(*)::text, COUNT(DISTINCT id)::text, SUM(amount)::text, MIN(id)::text, MAX(id)::text FROM {table}"))
            .Single().Select(v => (string)v!).Should().Equal("20000", "20000", "2000100.00", "-2993", "137000");
        for (var index = 0; index < 4; index++)
        {
            JsonNode.Parse(await File.ReadAllTextAsync(_dir.StateFile($"events-share-{index}")))!["completed"]!["singer_state"]!["bookmarks"]!
                [$"{Mysql.Name}-events"]!.ToJsonString().Should().Be("""{"initial_full_table_complete":true}""");
        }
    }
}
