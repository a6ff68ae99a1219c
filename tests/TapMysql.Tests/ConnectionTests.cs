using System.Text.Json.Nodes;

namespace TapMysql.Tests;

public sealed class ConnectionTests : MysqlTest
{
    [Fact]
    public async Task Test_GoodConfig_Exits0()
    {
        var run = await TapRun.RunAsync("--config", Db.WriteConfig(), "--test");

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().BeEmpty();
        run.Stderr.Should().Contain("INFO connection test passed");
    }

    [Fact]
    public async Task Test_WrongPassword_Exits2WithOneLineAndNoSecret()
    {
        var config = Db.WriteConfig(new JsonObject { ["password"] = "wrong-password-42" });

        var run = await TapRun.RunAsync("--config", config, "--test");

        run.ExitCode.Should().Be(2);
        var line = run.Stderr.Trim();
        line.Split('\n').Should().ContainSingle();
        line.Should().StartWith($"CRITICAL cannot connect to MySQL at {ServiceEnvironment.MysqlHost}:{ServiceEnvironment.MysqlPort} as '{ServiceEnvironment.MysqlUser}': Access denied");
        line.Should().NotContain("wrong-password-42");
    }

    [Fact]
    public async Task Discover_UnreachablePort_Exits2WithOneLine()
    {
        var config = Db.WriteConfig(new JsonObject { ["port"] = 1, ["connect_timeout"] = 3 });

        var run = await TapRun.RunAsync("--config", config, "--discover");

        run.ExitCode.Should().Be(2);
        run.Stderr.Trim().Should().StartWith($"CRITICAL cannot connect to MySQL at {ServiceEnvironment.MysqlHost}:1 as");
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Run_MissingHost_Exits2NamingTheKey()
    {
        var config = Db.WriteFile("bad.json", """{"user": "x"}""");

        var run = await TapRun.RunAsync("--config", config, "--discover");

        run.ExitCode.Should().Be(2);
        run.Stderr.Trim().Should().Be("CRITICAL config is missing required key: host");
    }

    [Fact]
    public async Task About_Markdown_ListsSettingsWithoutValues()
    {
        var run = await TapRun.RunAsync("--about", "--format", "markdown");

        run.ExitCode.Should().Be(0);
        run.Stdout.Should().Contain("| filter_dbs | string | no |").And.Contain("| password | string | no |  | Password. (secret) |");
    }
}
