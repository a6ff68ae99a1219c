using System.Text.Json.Nodes;
using MySqlConnector;

namespace TapMysql.Tests;

/// <summary>
/// A bookmark in a binlog file the server has purged. PURGE BINARY LOGS is global, so it is done in this one
/// class only, right after FLUSH BINARY LOGS, so that only files older than the current one go.
/// </summary>
public sealed class LogBasedPurgedTests : LogBasedTest
{
    [Fact]
    public async Task Sync_BookmarkInPurgedFile_FailsNamingTheFileOrResyncsWhenConfigured()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(5)); INSERT INTO t VALUES (1,'a'),(2,'b');");
        var (config, catalog) = await SetUpAsync();
        await ServerAsync("FLUSH BINARY LOGS");
        var first = await RunAsync(config, catalog);
        first.ExitCode.Should().Be(0, first.Stderr);
        var state = TapRun.LastState(first.Stdout);
        var file = (string)state["bookmarks"]![Id("t")]!["log_file"]!;
        var version = (long)state["bookmarks"]![Id("t")]!["version"]!;
        await ServerAsync("FLUSH BINARY LOGS");
        var current = await MasterStatusAsync();
        await PurgeAsync(file, current.File);

        var refused = await RunAsync(config, catalog, state);

        refused.ExitCode.Should().Be(1, refused.Stderr);
        refused.Stdout.Should().BeEmpty();
        Critical(refused).Should().Be($"CRITICAL stream '{Id("t")}': its bookmark is in binlog file '{file}', which the server no longer has " +
            $"(SHOW BINARY LOGS starts at '{current.File}'), so the changes since are lost: a full resync is needed " +
            "(remove the stream's bookmark from the state, or set log_based_resync_when_purged: true)");

        var resyncConfig = Db.WriteConfig(new JsonObject { ["log_based_resync_when_purged"] = true });
        var resynced = await RunAsync(resyncConfig, catalog, state);

        resynced.ExitCode.Should().Be(0, resynced.Stderr);
        Types(resynced).Should().Equal("STATE", "SCHEMA", "RECORD", "RECORD", "ACTIVATE_VERSION", "STATE", "STATE");
        var newVersion = (long)TapRun.Messages(resynced.Stdout).Single(m => (string)m["type"]! == "ACTIVATE_VERSION")["version"]!;
        newVersion.Should().NotBe(version);
        TapRun.Messages(resynced.Stdout).Where(m => (string)m["type"]! == "RECORD").Should().OnlyContain(m => (long)m["version"]! == newVersion);
        var bookmark = TapRun.LastState(resynced.Stdout)["bookmarks"]![Id("t")]!;
        AtOrAfter(bookmark, current).Should().BeTrue();
        ((long)bookmark["version"]!).Should().Be(newVersion);
        resynced.Stderr.Should().Contain("log_based_resync_when_purged is true, so the table is copied again with a new version");
    }

    /// <summary>
    /// Purges the files before <paramref name="to"/> until <paramref name="file"/> is gone: MariaDB keeps a file
    /// while a reader (another test's replica connection) or its crash-recovery checkpoint still needs it.
    /// </summary>
    private static async Task PurgeAsync(string file, string to)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            await ServerAsync($"PURGE BINARY LOGS TO '{to}'");
            await using var connection = new MySqlConnection(MysqlDatabase.ConnectionString());
            await connection.OpenAsync();
            await using var command = new MySqlCommand("SHOW BINARY LOGS", connection);
            await using var reader = await command.ExecuteReaderAsync();
            var files = new List<string>();
            while (await reader.ReadAsync())
            {
                files.Add(reader.GetString(0));
            }
            if (!files.Contains(file))
            {
                return;
            }
            await Task.Delay(500);
        }
        throw new InvalidOperationException($"the server kept {file} after a minute of PURGE BINARY LOGS TO '{to}'");
    }

    private static async Task ServerAsync(string sql)
    {
        await using var connection = new MySqlConnection(MysqlDatabase.ConnectionString());
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
