using System.Globalization;
using MySqlConnector;

namespace Reliability.Tests;

/// <summary>
/// The source table of the tap-mysql pairs: 2,000 rows of (id, rev, DECIMAL(20,4) amount, note) in a scratch MariaDB
/// database, read by tap-mysql with one replication method and a STATE every 200 rows.
/// </summary>
public sealed class MysqlItems(MysqlDatabase database, string method)
{
    public const int InitialRows = 2000;

    private string _config = "";
    private string _catalog = "";

    public async Task CreateAsync()
    {
        await database.ExecuteAsync($"""
            CREATE TABLE {Destination.Table} (id INT PRIMARY KEY, rev INT NOT NULL, amount DECIMAL(20,4) NOT NULL, note VARCHAR(40) NOT NULL);
            INSERT INTO {Destination.Table} SELECT seq, 1, seq * 1234.5678 - 99999.0001, CONCAT('row ', seq, ' ✓') FROM seq_1_to_{InitialRows};
            """);
        _config = database.WriteConfig(new JsonObject { ["export_batch_rows"] = 200 });
        _catalog = await TapRun.SelectAllAsync(database, _config, method, method == "INCREMENTAL" ? "id" : null);
    }

    /// <summary>From now on the tap reaches MariaDB through <paramref name="port"/> on loopback (a proxy).</summary>
    public void ConnectThrough(int port) =>
        _config = database.WriteConfig(new JsonObject { ["export_batch_rows"] = 200, ["host"] = "127.0.0.1", ["port"] = port }, "config-proxied.json");

    /// <summary>tap-mysql from <paramref name="state"/> (a STATE value a target printed), or from the start.</summary>
    public Command Tap(string? state)
    {
        var args = new List<string> { "--config", _config, "--catalog", _catalog };
        if (state is not null)
        {
            args.AddRange(["--state", database.WriteFile($"state-{Guid.NewGuid():N}.json", state)]);
        }
        return new Command("tap-mysql", args);
    }

    /// <summary>
    /// Work for the binlog between LOG_BASED runs: 300 new rows in 20-row transactions, 300 rows updated, 40 deleted
    /// (each round touches other rows; ids never come back after a delete).
    /// </summary>
    public async Task ChangeAsync(int round)
    {
        var first = 100_000 + round * 1000;
        var inserts = Enumerable.Range(0, 15).Select(t =>
            $"INSERT INTO {Destination.Table} VALUES " +
            string.Join(", ", Enumerable.Range(first + t * 20, 20).Select(id => $"({id}, 1, {id}.0{round % 10}07, 'new {id}')")) + ";");
        await database.ExecuteAsync(string.Join("\n", inserts) + $"""

            UPDATE {Destination.Table} SET rev = rev + 1, amount = amount + 0.0001 WHERE id % 7 = {round % 7} AND id <= {InitialRows + 100};
            DELETE FROM {Destination.Table} WHERE id % 50 = {round % 50} AND id <= {InitialRows};
            """);
    }

    /// <summary>What the destinations must hold in the end: the table now.</summary>
    public async Task<List<Row>> RowsAsync()
    {
        await using var connection = new MySqlConnection(MysqlDatabase.ConnectionString(database.Name));
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"SELECT id, rev, amount, note FROM {Destination.Table} ORDER BY id", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<Row>();
        while (await reader.ReadAsync())
        {
            rows.Add(new Row(reader.GetInt64(0), reader.GetInt64(1), reader.GetDecimal(2), reader.GetString(3)));
        }
        return rows;
    }

    /// <summary>SUM(amount) computed by the server, the exact total every destination must reach.</summary>
    public async Task<decimal> SumAsync()
    {
        await using var connection = new MySqlConnection(MysqlDatabase.ConnectionString(database.Name));
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"SELECT SUM(amount) FROM {Destination.Table}", connection);
        return Convert.ToDecimal(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
