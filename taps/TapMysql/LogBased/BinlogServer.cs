using MySqlConnector;
using Singer.Sdk;
using TapMysql.Binlog;

namespace TapMysql.LogBased;

/// <summary>What the server says about its binary log: where it ends now, and which files it still has.</summary>
internal static class BinlogServer
{
    /// <summary>
    /// The end of the binary log now (SHOW MASTER STATUS): always a transaction boundary, since a
    /// transaction is written to the log whole at commit.
    /// </summary>
    public static async Task<BinlogPosition> CurrentPositionAsync(MySqlConnection connection, CancellationToken ct)
    {
        try
        {
            return await ReadStatusAsync(connection, "SHOW MASTER STATUS", ct);
        }
        catch (MySqlException ex) when (ex.ErrorCode == MySqlErrorCode.ParseError)
        {
            // MySQL 8.4 removed this spelling.
            return await ReadStatusAsync(connection, "SHOW BINARY LOG STATUS", ct);
        }
    }

    private static async Task<BinlogPosition> ReadStatusAsync(MySqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new MySqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            throw new ConfigurationException($"{sql} returned no row: the server's binary log is off (log_bin=OFF)");
        }
        return new BinlogPosition(reader.GetString(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The binlog files the server still has (SHOW BINARY LOGS), oldest first.</summary>
    public static async Task<List<string>> FilesAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var command = new MySqlCommand("SHOW BINARY LOGS", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var files = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            files.Add(reader.GetString(0));
        }
        return files;
    }

    /// <summary>The server's own server_id, which a replica must not share.</summary>
    public static async Task<long> ServerIdAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var command = new MySqlCommand("SELECT @@GLOBAL.server_id", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
