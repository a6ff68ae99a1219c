using MySqlConnector;
using TapMysql.LogBased;

namespace TapMysql.Tests;

/// <summary>
/// The preflight before a LOG_BASED run. The server settings are global (changing them would break every other
/// test running against the server at the same time), so their checks are tested on the values the preflight
/// reads; the grants are tested live with a user of this test's own.
/// </summary>
public sealed class LogBasedPreflightTests : LogBasedTest
{
    private static readonly Dictionary<string, string> GoodVariables = new() { ["log_bin"] = "ON", ["binlog_format"] = "ROW", ["binlog_row_image"] = "FULL" };

    private static readonly string[] AllGrants = ["GRANT ALL PRIVILEGES ON *.* TO `singer`@`127.0.0.1` IDENTIFIED BY PASSWORD '*B8' WITH GRANT OPTION"];

    [Fact]
    public void Problems_RowFullAndAllPrivileges_None() =>
        BinlogPreflight.Problems(GoodVariables, AllGrants).Should().BeEmpty();

    [Fact]
    public void Problems_MariaDbBinlogMonitorAndReplicationSlave_None() =>
        BinlogPreflight.Problems(GoodVariables, ["GRANT SELECT, REPLICATION SLAVE, BINLOG MONITOR ON *.* TO `cdc`@`%`"]).Should().BeEmpty();

    [Fact]
    public void Problems_StatementFormat_OneLineNamingSettingValueAndFix() =>
        BinlogPreflight.Problems(new Dictionary<string, string>(GoodVariables) { ["binlog_format"] = "STATEMENT" }, AllGrants)
            .Should().Equal("LOG_BASED needs row events, but binlog_format is STATEMENT: set binlog_format=ROW " +
                "(SET GLOBAL binlog_format='ROW' and in my.cnf; changes made before it are not in the log as rows)");

    [Fact]
    public void Problems_MinimalRowImage_OneLine() =>
        BinlogPreflight.Problems(new Dictionary<string, string>(GoodVariables) { ["binlog_row_image"] = "MINIMAL" }, AllGrants)
            .Should().Equal("LOG_BASED needs every column of each changed row, but binlog_row_image is MINIMAL: set binlog_row_image=FULL " +
                "(SET GLOBAL binlog_row_image='FULL' and in my.cnf)");

    [Fact]
    public void Problems_BinlogOff_OnlyThatLine()
    {
        var problems = BinlogPreflight.Problems(new Dictionary<string, string> { ["log_bin"] = "OFF", ["binlog_format"] = "MIXED" }, []);

        problems.Should().ContainSingle().Which.Should().StartWith("LOG_BASED needs the binary log, but log_bin is OFF: start the server with log_bin");
    }

    [Fact]
    public void Problems_MixedFormatAndNoGrants_TwoLines()
    {
        var problems = BinlogPreflight.Problems(new Dictionary<string, string>(GoodVariables) { ["binlog_format"] = "MIXED" },
            ["GRANT USAGE ON *.* TO `cdc`@`%`", "GRANT SELECT ON `shop`.* TO `cdc`@`%`"]);

        problems.Should().HaveCount(2);
        problems[0].Should().Contain("binlog_format is MIXED");
        problems[1].Should().Be("LOG_BASED reads the binary log as a replica, but the user lacks REPLICATION SLAVE and REPLICATION CLIENT " +
            "(SHOW GRANTS lists no such privilege ON *.*): GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `cdc`@`%`");
    }

    [Fact]
    public void Problems_ReplicationSlaveOnly_NamesReplicationClient() =>
        BinlogPreflight.Problems(GoodVariables, ["GRANT REPLICATION SLAVE ON *.* TO 'cdc'@'%'"])
            .Should().ContainSingle().Which.Should().Contain("lacks REPLICATION CLIENT (");

    [Fact]
    public async Task Sync_UserWithoutReplicationGrants_RefusedExit2BeforeAnyOutput()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1);");
        var (config, catalog) = await SetUpAsync();
        var user = "u_" + Db.Name;
        await using (var connection = new MySqlConnection(MysqlDatabase.ConnectionString()))
        {
            await connection.OpenAsync();
            await using var command = new MySqlCommand(
                $"CREATE USER '{user}'@'%' IDENTIFIED BY 'pw1'; GRANT SELECT ON `{Db.Name}`.* TO '{user}'@'%';", connection);
            await command.ExecuteNonQueryAsync();
        }
        try
        {
            var limited = Db.WriteConfig(new System.Text.Json.Nodes.JsonObject { ["user"] = user, ["password"] = "pw1" });

            var run = await RunAsync(limited, catalog);

            run.ExitCode.Should().Be(2, run.Stderr);
            run.Stdout.Should().BeEmpty("nothing is emitted before the preflight passes");
            Critical(run).Should().StartWith("CRITICAL LOG_BASED reads the binary log as a replica, but the user lacks REPLICATION SLAVE and REPLICATION CLIENT")
                .And.EndWith($"GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO `{user}`@`%`");
        }
        finally
        {
            await using var connection = new MySqlConnection(MysqlDatabase.ConnectionString());
            await connection.OpenAsync();
            await using var command = new MySqlCommand($"DROP USER IF EXISTS '{user}'@'%'", connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Sync_ServiceUser_PassesPreflight()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1);");
        var (config, catalog) = await SetUpAsync();

        var run = await RunAsync(config, catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stderr.Should().NotContain("ERROR");
    }
}
