using DuckDB.NET.Data;

namespace TargetDuckDb.Tests;

/// <summary>A DuckDB file of its own for one test, in a temporary directory deleted afterwards.</summary>
public sealed class DuckDbDatabase : WarehouseDatabase
{
    public string Path => System.IO.Path.Combine(Directory, "warehouse.duckdb");

    public override string Target => "target-duckdb";

    // No default_target_schema in the config: the target's own default.
    public override string Schema => "main";

    public override string BigIntType => "BIGINT";

    public override string TextType => "VARCHAR";

    public override string TimestampType => "TIMESTAMP WITH TIME ZONE";

    public override string DecimalType(int scale) => $"DECIMAL(38,{scale})";

    public override string NewSchemaName(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..12];

    protected override JsonObject ConnectionConfig() => new() { ["path"] = Path };

    public override string Text(string expression) => $"CAST({expression} AS VARCHAR)";

    /// <summary>
    /// Opens the file for one query and closes it again: DuckDB lets one process at a time write a file,
    /// and the next target run must be able to open it.
    /// </summary>
    public override async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = new DuckDBConnection($"Data Source={Path}");
        await connection.OpenAsync();
        await using (var zone = connection.CreateCommand())
        {
            // Timestamps read as text in UTC, whatever the machine's zone.
            zone.CommandText = "SET TimeZone = 'UTC'";
            await zone.ExecuteNonQueryAsync();
        }
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        return await ReadRowsAsync(reader);
    }

    public override async Task<Dictionary<string, string>> ColumnTypesAsync(string table, string? schema = null)
    {
        var rows = await QueryAsync(
            $"SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = '{schema ?? Schema}' AND table_name = '{table}' ORDER BY ordinal_position");
        return rows.ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
    }
}
