using System.Text.Json.Nodes;
using MySqlConnector;

namespace TapMysql.Tests;

/// <summary>
/// A bookmark in a binlog file the server has purged. PURGE BINARY LOGS is global, so it is done in this one
/// class only, and removes only the server's oldest file (FLUSH BINARY LOGS first makes sure there are newer ones).
/// </summary>
public sealed class LogBasedPurgedTests : LogBasedTest
{
    [Fact]
    public async Task Sync_BookmarkInPurgedFile_FailsNamingTheFileOrResyncsWhenConfigured()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(5)); INSERT INTO t VALUES (1,'a'),(2,'b');");
        var (config, catalog) = await SetUpAsync();
        // Only the server's oldest file goes, which no other test (here or in another test run) still reads:
        // they all start from recent positions. A Python-shape state is bookmarked in it.
        var files = await BinaryLogsAsync();
        while (files.Count < 3)
        {
            await ServerAsync("FLUSH BINARY LOGS");
            files = await BinaryLogsAsync();
        }
        var (file, next) = (files[0], files[1]);
        var state = Bookmark(Id("t"), 1700000000000, file, 4);
        await PurgeAsync(file, next);

        var refused = await RunAsync(config, catalog, state);

        refused.ExitCode.Should().Be(1, refused.Stderr);
        refused.Stdout.Should().BeEmpty();
        Critical(refused).Should().StartWith($"CRITICAL stream '{Id("t")}': its bookmark is in binlog file '{file}', which the server no longer has " +
            "(SHOW BINARY LOGS starts at '").And.EndWith("'), so the changes since are lost: a full resync is needed " +
            "(remove the stream's bookmark from the state, or set log_based_resync_when_purged: true)");

        var before = await MasterStatusAsync();
        var resyncConfig = Db.WriteConfig(new JsonObject { ["log_based_resync_when_purged"] = true });
        var resynced = await RunAsync(resyncConfig, catalog, state);

        resynced.ExitCode.Should().Be(0, resynced.Stderr);
        Types(resynced).Should().Equal("STATE", "SCHEMA", "RECORD", "RECORD", "ACTIVATE_VERSION", "STATE", "STATE");
        var newVersion = (long)TapRun.Messages(resynced.Stdout).Single(m => (string)m["type"]! == "ACTIVATE_VERSION")["version"]!;
        newVersion.Should().NotBe(1700000000000);
        TapRun.Messages(resynced.Stdout).Where(m => (string)m["type"]! == "RECORD").Should().OnlyContain(m => (long)m["version"]! == newVersion);
        var bookmark = TapRun.LastState(resynced.Stdout)["bookmarks"]![Id("t")]!;
        AtOrAfter(bookmark, before).Should().BeTrue();
        ((long)bookmark["version"]!).Should().Be(newVersion);
        resynced.Stderr.Should().Contain("log_based_resync_when_purged is true, so the table is copied again with a new version");
    }

    private static async Task<List<string>> BinaryLogsAsync()
    {
        await using var connection = new MySqlConnection(MysqlDatabase.ConnectionString());
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SHOW BINARY LOGS", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var files = new List<string>();
        while (await reader.ReadAsync())
        {
            files.Add(reader.GetString(0));
        }
        return files;
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
            var files = await BinaryLogsAsync();
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
