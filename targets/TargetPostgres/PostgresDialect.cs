using Npgsql;
using NpgsqlTypes;
using Singer.Sdk;
using Warehouse;

namespace TargetPostgres;

/// <summary>
/// PostgreSQL: exact NUMERIC, TIMESTAMPTZ, JSONB. A batch is written with binary COPY into a temporary
/// staging table, then merged (DELETE of the batch's keys + INSERT) in the same transaction.
/// </summary>
public sealed class PostgresDialect : SqlDialect
{
    private readonly NpgsqlConnection _connection;
    private readonly string _connectionString;

    private PostgresDialect(NpgsqlConnection connection, string connectionString)
    {
        _connection = connection;
        _connectionString = connectionString;
    }

    public static async Task<PostgresDialect> OpenAsync(string connectionString, CancellationToken ct) =>
        new(await ConnectAsync(connectionString, ct), connectionString);

    /// <summary>Batches are staged row by row, each over a binary COPY on a connection of its own.</summary>
    public override bool StagesRows => true;

    public override async Task<StagedBatch> BeginBatchAsync(string schema, string table, TableShape shape, bool hardDelete, CancellationToken cancellationToken) =>
        await PostgresStagedBatch.BeginAsync(this, _connectionString, schema, table, shape, hardDelete, cancellationToken);

    internal static async Task<NpgsqlConnection> ConnectAsync(string connectionString, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync();
            var where = new NpgsqlConnectionStringBuilder(connectionString);
            throw new ConfigurationException($"cannot connect to PostgreSQL at {where.Host}:{where.Port} as '{where.Username}': {ex.Message}", ex);
        }
        return connection;
    }

    public override string TypeName(SqlType type) => type.Kind switch
    {
        SqlKind.BigInt => "BIGINT",
        SqlKind.Numeric => "NUMERIC",
        SqlKind.Double => "DOUBLE PRECISION",
        SqlKind.Boolean => "BOOLEAN",
        SqlKind.Text => "TEXT",
        SqlKind.Date => "DATE",
        SqlKind.Time => "TIME",
        SqlKind.Timestamp => "TIMESTAMPTZ",
        SqlKind.Json => "JSONB",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public override SqlType? ParseType(string dataType, int? numericScale) => dataType switch
    {
        "bigint" or "integer" or "smallint" => SqlType.BigInt,
        "numeric" => new SqlType(SqlKind.Numeric, numericScale),
        "double precision" or "real" => new SqlType(SqlKind.Double),
        "boolean" => new SqlType(SqlKind.Boolean),
        "text" or "character varying" or "character" => SqlType.Text,
        "date" => new SqlType(SqlKind.Date),
        "time without time zone" => new SqlType(SqlKind.Time),
        "timestamp with time zone" or "timestamp without time zone" => SqlType.Timestamp,
        "jsonb" or "json" => SqlType.Json,
        _ => null,
    };

    /// <summary>NUMERIC is copied natively as decimal; as text (cast by the merge) only for a batch with wider values.</summary>
    public override SqlType StageType(WarehouseColumn column, LoadRequest request) =>
        column.Type.Kind == SqlKind.Numeric && !request.HasTextValues(column) ? column.Type : StageType(column.Type);

    public override async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, _connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override async Task<IReadOnlyDictionary<string, SqlType>?> ReadColumnsAsync(string schema, string table, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name, data_type, numeric_scale FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table ORDER BY ordinal_position",
            _connection);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("table", table);
        var columns = new Dictionary<string, SqlType>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var (name, type) = ReadColumn(reader);
            columns[name] = type;
        }
        return columns.Count == 0 ? null : columns;
    }

    private SqlTypeEntry ReadColumn(NpgsqlDataReader reader) =>
        new(reader.GetString(0), ParseType(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2)) ?? SqlType.Text);

    private readonly record struct SqlTypeEntry(string Name, SqlType Type);

    public override async Task LoadAsync(LoadRequest request, CancellationToken cancellationToken)
    {
        var target = QualifiedName(request.Schema, request.Table);
        var stage = Quote(Naming.Identifier("_sdc_stage_" + request.Table));
        await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
        var columns = string.Join(", ", request.Shape.Columns.Select(c => $"{Quote(c.Name)} {TypeName(StageType(c, request))}"));
        await ExecuteAsync($"CREATE TEMP TABLE IF NOT EXISTS {stage} ({columns}) ON COMMIT DELETE ROWS", cancellationToken);
        await CopyAsync(stage, request, cancellationToken);
        foreach (var sql in MergeSql(target, stage, request))
        {
            await ExecuteAsync(sql, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        // The staging table keeps this batch's column list; drop it so the next batch (maybe evolved) recreates it.
        await ExecuteAsync($"DROP TABLE IF EXISTS {stage}", cancellationToken);
    }

    private async Task CopyAsync(string stage, LoadRequest request, CancellationToken ct)
    {
        var columns = request.Shape.Columns;
        var names = string.Join(", ", columns.Select(c => Quote(c.Name)));
        var types = columns.Select(c => CopyType(StageType(c, request))).ToArray();
        await using var importer = await _connection.BeginBinaryImportAsync($"COPY {stage} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        foreach (var row in request.Rows)
        {
            await importer.StartRowAsync(ct);
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] is null)
                {
                    await importer.WriteNullAsync(ct);
                }
                else
                {
                    await importer.WriteAsync(row[i], types[i], ct);
                }
            }
        }
        await importer.CompleteAsync(ct);
    }

    internal static NpgsqlDbType CopyType(SqlType type) => type.Kind switch
    {
        SqlKind.BigInt => NpgsqlDbType.Bigint,
        SqlKind.Numeric => NpgsqlDbType.Numeric,
        SqlKind.Double => NpgsqlDbType.Double,
        SqlKind.Boolean => NpgsqlDbType.Boolean,
        SqlKind.Date => NpgsqlDbType.Date,
        SqlKind.Time => NpgsqlDbType.Time,
        SqlKind.Timestamp => NpgsqlDbType.TimestampTz,
        SqlKind.Json => NpgsqlDbType.Jsonb,
        _ => NpgsqlDbType.Text,
    };

    public override async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
