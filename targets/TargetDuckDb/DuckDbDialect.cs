using System.Data.Common;
using DuckDB.NET.Data;
using Singer.Sdk;
using Warehouse;

namespace TargetDuckDb;

/// <summary>
/// DuckDB: DECIMAL(38,s) where the schema gives the scale, DOUBLE where it does not, TIMESTAMPTZ, JSON.
/// Records go through DuckDB's Appender into a temporary staging table, merged in one transaction per batch.
/// </summary>
public sealed class DuckDbDialect : SqlDialect
{
    private const int MaxDecimalScale = 38;
    private readonly DuckDBConnection _connection;

    private DuckDbDialect(DuckDBConnection connection)
    {
        _connection = connection;
    }

    public static async Task<DuckDbDialect> OpenAsync(string path, CancellationToken ct)
    {
        var connection = new DuckDBConnection($"Data Source={path}");
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (Exception ex) when (ex is DuckDBException or DbException or IOException)
        {
            await connection.DisposeAsync();
            throw new ConfigurationException($"cannot open DuckDB database '{path}': {ex.Message}", ex);
        }
        var dialect = new DuckDbDialect(connection);
        // Timestamps are shown (and cast from text) in UTC, whatever the machine's zone.
        await dialect.ExecuteAsync("SET TimeZone = 'UTC'", ct);
        return dialect;
    }

    public override string TypeName(SqlType type) => type.Kind switch
    {
        SqlKind.BigInt => "BIGINT",
        SqlKind.Numeric when type.Scale is { } scale && scale <= MaxDecimalScale => $"DECIMAL(38,{scale})",
        SqlKind.Numeric or SqlKind.Double => "DOUBLE",
        SqlKind.Boolean => "BOOLEAN",
        SqlKind.Text => "VARCHAR",
        SqlKind.Date => "DATE",
        SqlKind.Time => "TIME",
        SqlKind.Timestamp => "TIMESTAMPTZ",
        SqlKind.Json => "JSON",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public override SqlType? ParseType(string dataType, int? numericScale) => dataType switch
    {
        "BIGINT" or "INTEGER" or "SMALLINT" or "TINYINT" => SqlType.BigInt,
        "DOUBLE" or "FLOAT" => new SqlType(SqlKind.Numeric),
        "BOOLEAN" => new SqlType(SqlKind.Boolean),
        "VARCHAR" => SqlType.Text,
        "DATE" => new SqlType(SqlKind.Date),
        "TIME" => new SqlType(SqlKind.Time),
        "TIMESTAMP WITH TIME ZONE" or "TIMESTAMP" => SqlType.Timestamp,
        "JSON" => SqlType.Json,
        _ when dataType.StartsWith("DECIMAL", StringComparison.Ordinal) => new SqlType(SqlKind.Numeric, numericScale),
        _ => null,
    };

    /// <summary>Batches are staged through the Appender (<see cref="DuckDbStagedBatch"/>).</summary>
    public override async Task<StagedBatch> BeginBatchAsync(string schema, string table, TableShape shape, bool hardDelete, CancellationToken cancellationToken) =>
        await DuckDbStagedBatch.BeginAsync(this, _connection, schema, table, shape, hardDelete, cancellationToken);

    /// <summary>JSON is staged as VARCHAR and cast by the merge; everything else natively.</summary>
    public override SqlType StageType(SqlType type) => type.Kind == SqlKind.Json ? SqlType.Text : type;

    public override string AlterTypeSql(string schema, string table, string column, SqlType type) =>
        $"ALTER TABLE {QualifiedName(schema, table)} ALTER COLUMN {Quote(column)} TYPE {TypeName(type)}";

    public override async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task<IReadOnlyDictionary<string, SqlType>?> ReadColumnsAsync(string schema, string table, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT column_name, data_type, numeric_scale FROM information_schema.columns WHERE table_schema = $schema AND table_name = $table ORDER BY ordinal_position";
        command.Parameters.Add(new DuckDBParameter("schema", schema));
        command.Parameters.Add(new DuckDBParameter("table", table));
        var columns = new Dictionary<string, SqlType>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (name, type) = ReadColumn(reader);
            columns[name] = type;
        }
        return columns.Count == 0 ? null : columns;
    }

    private (string, SqlType) ReadColumn(DbDataReader reader) =>
        (reader.GetString(0), ParseType(reader.GetString(1), reader.IsDBNull(2) ? null : Convert.ToInt32(reader.GetValue(2), System.Globalization.CultureInfo.InvariantCulture)) ?? SqlType.Text);

    public override async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
