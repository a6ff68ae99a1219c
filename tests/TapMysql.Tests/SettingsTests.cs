using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TapMysql.Tests;

/// <summary>Bad settings refused up front; timeouts that end in one line naming the server and the setting.</summary>
public sealed class SettingsTests : MysqlTest
{
    [Theory]
    [InlineData("port", "0", "must be between 1 and 65535, got 0")]
    [InlineData("port", "70000", "must be between 1 and 65535, got 70000")]
    [InlineData("port", "\"abc\"", "must be an integer, got")]
    [InlineData("connect_timeout", "0", "must be at least 1, got 0")]
    [InlineData("connect_timeout", "-5", "must be at least 1, got -5")]
    [InlineData("read_timeout", "0", "must be at least 1, got 0")]
    [InlineData("export_batch_rows", "0", "must be at least 1, got 0")]
    [InlineData("export_batch_rows", "-1000", "must be at least 1, got -1000")]
    public async Task Sync_SettingOutOfRange_Exits2WithOneLineNamingTheKey(string key, string json, string expected)
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1);");
        var catalog = await TapRun.SelectAllAsync(Db, Db.WriteConfig());
        var config = Db.WriteConfig(new JsonObject { [key] = JsonNode.Parse(json) });

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.Stderr.Trim().Split('\n').Should().ContainSingle().Which.Should().StartWith($"CRITICAL config key '{key}' {expected}");
    }

    [Fact]
    public async Task Discover_ServerAcceptsButNeverAnswers_Exits2NamingEndpointAndConnectTimeout()
    {
        await using var server = SilentServer.Start();
        var port = server.Port;
        var config = Db.WriteConfig(new JsonObject { ["host"] = "127.0.0.1", ["port"] = port, ["connect_timeout"] = 2, ["password"] = "never-sent-here" });
        var clock = Stopwatch.StartNew();

        var run = await TapRun.RunAsync("--config", config, "--discover");

        clock.Stop();
        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        run.Stderr.Trim().Should().Be($"CRITICAL cannot connect to MySQL at 127.0.0.1:{port} as '{ServiceEnvironment.MysqlUser}': no answer within connect_timeout 2 s");
        server.Accepted.Should().BePositive("the tap reached the listener");
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2 + 60), "a hang guard: the run ends by itself once connect_timeout runs out");
    }

    [Fact]
    public async Task Sync_QuerySlowerThanReadTimeout_Exits1NamingEndpointAndReadTimeout()
    {
        await Db.ExecuteAsync("CREATE VIEW slow AS SELECT SLEEP(30) AS s");
        var config = Db.WriteConfig(new JsonObject { ["read_timeout"] = 2 });
        var catalog = await TapRun.SelectAllAsync(Db, config);
        var clock = Stopwatch.StartNew();

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        clock.Stop();
        run.ExitCode.Should().Be(1);
        run.Stderr.Trim().Split('\n').Last().Should().Be(
            $"CRITICAL MySQL at {ServiceEnvironment.MysqlHost}:{ServiceEnvironment.MysqlPort} did not answer within read_timeout 2 s while copying stream '{Db.Name}-slow'");
        TapRun.Records(run.Stdout).Should().BeEmpty();
        clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2 + 25), "a hang guard: the query is given up long before SLEEP(30) ends");
    }

    [Fact]
    public async Task Sync_SessionSqlSetsUserVariable_Works()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1);");
        var config = Db.WriteConfig(new JsonObject
        {
            ["session_sqls"] = new JsonArray("SET @@session.time_zone='+0:00'", "SET @x = 1", "SET @@session.wait_timeout = @x + 600"),
        });
        var catalog = await TapRun.SelectAllAsync(Db, config);

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        TapRun.Records(run.Stdout).Single().ToJsonString().Should().Be("""{"id":1}""");
    }
}
