using System.Text;
using System.Text.Json;
using MySqlConnector;
using Singer.Sdk;
using TapMysql.Binlog;
using TapMysql.Binlog.Events;
using TapMysql.Discovery;
using TapMysql.Sync;
using TapMysql.Types;

namespace TapMysql.Tests;

/// <summary>
/// Both paths for the same rows: the binlog (events between two SHOW MASTER STATUS positions, decoded by
/// <see cref="BinlogRowDecoder"/>) and FULL_TABLE (RowExtractor over the tap's SELECT), each written by RecordEncoder.
/// </summary>
internal static class BinlogHarness
{
    /// <summary>A replica id no other test uses at the same time.</summary>
    private static int _serverId = 4_000_000 + Random.Shared.Next(100_000);

    public static PluginConfig Config(Dictionary<string, object?>? extra = null)
    {
        var values = new Dictionary<string, object?>
        {
            ["host"] = ServiceEnvironment.MysqlHost,
            ["port"] = (long)ServiceEnvironment.MysqlPort,
            ["user"] = ServiceEnvironment.MysqlUser,
            ["password"] = ServiceEnvironment.MysqlPassword,
        };
        foreach (var (key, value) in extra ?? [])
        {
            values[key] = value;
        }
        return new PluginConfig(values);
    }

    public static uint NextServerId() => (uint)Interlocked.Increment(ref _serverId);

    public static async Task<BinlogPosition> MasterStatusAsync()
    {
        await using var connection = new MySqlConnection(MysqlDatabase.ConnectionString());
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SHOW MASTER STATUS", connection);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue("the server must have log_bin on");
        return new BinlogPosition(reader.GetString(0), reader.GetInt64(1));
    }

    /// <summary>The oldest binlog file the server still has (SHOW BINARY LOGS).</summary>
    public static async Task<string> EarliestFileAsync()
    {
        await using var connection = new MySqlConnection(MysqlDatabase.ConnectionString());
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SHOW BINARY LOGS", connection);
        await using var reader = await command.ExecuteReaderAsync();
        (await reader.ReadAsync()).Should().BeTrue("the server must have log_bin on");
        return reader.GetString(0);
    }

    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(MysqlDatabase.ConnectionString());
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<List<BinlogEvent>> ReadAsync(BinlogPosition start, BinlogPosition stop, PluginConfig? config = null)
    {
        await using var client = await BinlogClient.ConnectAsync(config ?? Config(), NextServerId(), CancellationToken.None);
        var events = new List<BinlogEvent>();
        await foreach (var e in client.ReadAsync(start, stop, CancellationToken.None))
        {
            events.Add(e);
        }
        return events;
    }

    public static async Task<TableInfo> TableAsync(MysqlDatabase db, string table)
    {
        await using var connection = new MySqlConnection(MysqlDatabase.ConnectionString());
        await connection.OpenAsync();
        var tables = await SchemaReader.ReadAsync(connection, [db.Name], CancellationToken.None);
        return tables.Single(t => t.Name == table);
    }

    public static List<SyncColumn> Columns(TableInfo table) => table.Columns.Select(c => new SyncColumn(c, MysqlTypeMap.Map(c))).ToList();

    /// <summary>The FULL_TABLE records of the table, ordered by id, as JSON text.</summary>
    public static async Task<List<string>> FullTableAsync(MysqlDatabase db, TableInfo table)
    {
        var columns = Columns(table);
        await using var connection = new MySqlConnection(MysqlDatabase.ConnectionString(db.Name) + ";AllowZeroDateTime=true;ConvertZeroDateTime=false;TreatTinyAsBoolean=false;GuidFormat=None");
        await connection.OpenAsync();
        await using (var zone = new MySqlCommand("SET time_zone='+0:00'", connection))
        {
            await zone.ExecuteNonQueryAsync();
        }
        var select = $"SELECT {string.Join(", ", columns.Select(c => c.SelectExpression))} FROM `{table.Name}` ORDER BY id";
        await using var command = new MySqlCommand(select, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var batch = new RowBatch(columns.Count, 1);
        var extractor = new RowExtractor(columns);
        var records = new List<string>();
        while (await reader.ReadAsync())
        {
            batch.Clear();
            extractor.Append(reader, batch);
            records.Add(Encode(table, columns, batch));
        }
        return records;
    }

    /// <summary>The emitted image of every row change of the table in the events, as JSON text, with its kind.</summary>
    public static List<(RowsEventKind Kind, string Record)> Decode(IEnumerable<BinlogEvent> events, TableInfo table)
    {
        var columns = Columns(table);
        var decoder = new BinlogRowDecoder(columns, table.Columns.Select(c => c.Name).ToList());
        var batch = new RowBatch(columns.Count, 1);
        var records = new List<(RowsEventKind, string)>();
        foreach (var rows in events.OfType<RowsEvent>().Where(r => r.Table.Database == table.Database && r.Table.Table == table.Name))
        {
            foreach (var row in rows.Rows)
            {
                batch.Clear();
                decoder.Append(row.Emitted, batch);
                records.Add((rows.Kind, Encode(table, columns, batch)));
            }
        }
        return records;
    }

    private static string Encode(TableInfo table, List<SyncColumn> columns, RowBatch batch)
    {
        var encoder = new RecordEncoder(table.TapStreamId, columns, columns.Where(c => c.Info.IsPrimaryKey).ToList());
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            encoder.Write(json, batch, 0);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
