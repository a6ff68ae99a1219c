using System.Data.Common;
using DuckDB.NET.Data;
using Singer.Sdk;
using Warehouse;

namespace TargetDuckDb;

/// <summary>
/// DuckDB: DECIMAL(38,s) where the schema gives the scale, DOUBLE where it does not, TIMESTAMPTZ, JSON.
/// A batch goes through DuckDB's Appender into a temporary staging table, then is merged in one transaction.
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

    /// <summary>Batches are staged row by row through the Appender (<see cref="DuckDbStagedBatch"/>).</summary>
    public override bool StagesRows => true;

    public override async Task<StagedBatch> BeginBatchAsync(string schema, string table, TableShape shape, bool hardDelete, CancellationToken cancellationToken) =>
        await DuckDbStagedBatch.BeginAsync(this, _connection, schema, table, shape, hardDelete, cancellationToken);

    /// <summary>Row-by-row staging: numbers natively (DECIMAL, or DOUBLE), JSON as VARCHAR cast by the merge.</summary>
    internal static SqlType StageTypeOf(SqlType type) => type.Kind == SqlKind.Json ? SqlType.Text : type;

    /// <summary>JSON and numbers are staged as VARCHAR and cast by the merge...</summary>
    public override SqlType StageType(SqlType type) => type.Kind is SqlKind.Numeric or SqlKind.Json ? SqlType.Text : type;

    /// <summary>
    /// ...except DECIMAL, appended natively when the batch's values all fit System.Decimal: DuckDB's text to
    /// DECIMAL(38,s) cast (128-bit arithmetic per digit) was most of a load's time.
    /// </summary>
    public override SqlType StageType(WarehouseColumn column, LoadRequest request) =>
        column.Type is { Kind: SqlKind.Numeric, Scale: <= MaxDecimalScale } && !request.HasTextValues(column) ? column.Type : StageType(column.Type);

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

    public override async Task LoadAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        var target = QualifiedName(request.Schema, request.Table);
        var stageName = Naming.Identifier("_sdc_stage_" + request.Table);
        var stage = Quote(stageName);
        var columns = string.Join(", ", request.Shape.Columns.Select(c => $"{Quote(c.Name)} {TypeName(StageType(c, request))}"));
        await ExecuteAsync($"CREATE OR REPLACE TEMP TABLE {stage} ({columns})", cancellationToken);
        Append(stageName, request);
        await ExecuteAsync("BEGIN TRANSACTION", cancellationToken);
        try
        {
            foreach (var sql in MergeSql(target, stage, request))
            {
                await ExecuteAsync(sql, cancellationToken);
            }
            await ExecuteAsync("COMMIT", cancellationToken);
        }
        catch
        {
            await ExecuteAsync("ROLLBACK", CancellationToken.None);
            throw;
        }
        await ExecuteAsync($"DROP TABLE IF EXISTS {stage}", cancellationToken);
    }

    private void Append(string stage, LoadRequest request)
    {
        using var appender = _connection.CreateAppender("temp", "main", stage);
        foreach (var values in request.Rows)
        {
            var row = appender.CreateRow();
            foreach (var value in values)
            {
                row = value switch
                {
                    null => row.AppendNullValue(),
                    long l => row.AppendValue(l),
                    string s => row.AppendValue(s),
                    bool b => row.AppendValue(b),
                    double d => row.AppendValue(d),
                    decimal m => row.AppendValue(m),
                    DateTime t => row.AppendValue(t),
                    DateOnly d => row.AppendValue(d),
                    TimeOnly t => row.AppendValue(t),
                    _ => throw new InvalidOperationException($"no appender for {value.GetType().Name}"),
                };
            }
            row.EndRow();
        }
    }

    public override async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
