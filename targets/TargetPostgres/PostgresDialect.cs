using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Npgsql;
using Singer.Sdk;
using Warehouse;

namespace TargetPostgres;

/// <summary>
/// PostgreSQL: exact NUMERIC, TIMESTAMPTZ, JSONB. A batch is written with binary COPY into a temporary
/// staging table as records arrive, then merged in the same transaction (see <see cref="PostgresStagedBatch"/>),
/// over a bounded set of connections whatever the number of streams (see <see cref="StagingConnections"/>).
/// </summary>
public sealed class PostgresDialect : SqlDialect
{
    private readonly NpgsqlConnection _connection;
    private readonly StagingConnections _staging;

    /// <summary>Tables where a batch met keys already there this run: their batches upsert without trying a plain insert first.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _tablesWithExistingKeys = new(StringComparer.Ordinal);

    private PostgresDialect(NpgsqlConnection connection, PostgresEndpoint endpoint, bool sanitizeNulCharacters)
    {
        _connection = connection;
        Endpoint = endpoint;
        SanitizeNulCharacters = sanitizeNulCharacters;
        _staging = new StagingConnections(endpoint);
    }

    internal PostgresEndpoint Endpoint { get; }

    /// <summary>False once a batch of <paramref name="table"/> met a key already in it (see <see cref="PostgresStagedBatch"/>).</summary>
    internal bool MayInsertOnly(string table) => !_tablesWithExistingKeys.ContainsKey(table);

    internal void MetExistingKeys(string table) => _tablesWithExistingKeys[table] = true;

    /// <summary>sanitize_null_text_characters: U+0000 is removed from text and JSON values instead of stopping the run.</summary>
    internal bool SanitizeNulCharacters { get; }

    internal static async Task<PostgresDialect> OpenAsync(PostgresEndpoint endpoint, CancellationToken ct, bool sanitizeNulCharacters = false) =>
        new(await ConnectAsync(endpoint, ct), endpoint, sanitizeNulCharacters);

    /// <summary>A batch stages and commits on a connection of its own, so the merge overlaps the next batch's COPY.</summary>
    public override bool CommitsInBackground => true;

    /// <summary>Each batch is staged over a binary COPY on a staging connection, or locally until one is its turn.</summary>
    public override async Task<StagedBatch> BeginBatchAsync(string schema, string table, TableShape shape, bool hardDelete, CancellationToken cancellationToken)
    {
        // Asked at every batch: another stream loading into the same table may have changed it.
        var columns = await Endpoint.RunAsync(
            $"reading the columns of {QualifiedName(schema, table)}",
            () => InformationSchema.ReadDataTypesAsync(_connection, schema, table, IdentifierRules.PostgreSql, cancellationToken));
        List<string>? upsertOthers = null; // null: the merge deletes and inserts
        if (shape.Keys.Count > 0 && await Endpoint.RunAsync($"reading the indexes of {QualifiedName(schema, table)}", () => HasUniqueKeyAsync(schema, table, shape.Keys, cancellationToken)))
        {
            upsertOthers = columns.Keys.Where(c => !shape.HasColumn(c)).ToList();
        }
        // The binary COPY data written for the stage is also right for the table when every column there has the stage's
        // type as this target creates it; a table made by someone else may hold, say, an integer, a real or a json
        // column, whose binary formats differ (the stage's INSERT … SELECT casts to those).
        var plainTypes = shape.Columns.All(c => columns.TryGetValue(c.Name, out var type) && type.DataType == DataTypeName(StageType(c.Type)));
        return await PostgresStagedBatch.BeginAsync(this, _staging, schema, table, shape, hardDelete, upsertOthers, plainTypes, cancellationToken);
    }

    /// <summary>information_schema's <c>data_type</c> of the type <see cref="TypeName"/> makes for <paramref name="type"/>.</summary>
    private static string DataTypeName(SqlType type) => type.Kind switch
    {
        SqlKind.BigInt => "bigint",
        SqlKind.Numeric => "numeric",
        SqlKind.Double => "double precision",
        SqlKind.Boolean => "boolean",
        SqlKind.Text => "text",
        SqlKind.Date => "date",
        SqlKind.Time => "time without time zone",
        SqlKind.Timestamp => "timestamp with time zone",
        SqlKind.Json => "jsonb",
        _ => "",
    };

    /// <summary>
    /// True when the table has a plain unique index (its primary key, when this target created it) on exactly
    /// <paramref name="keys"/>.
    /// </summary>
    private async Task<bool> HasUniqueKeyAsync(string schema, string table, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var name = QualifiedName(schema, table);
        await using var command = new NpgsqlCommand(
            """
            SELECT array_agg(a.attname::text) FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
            WHERE i.indrelid = to_regclass(@table) AND i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL
            GROUP BY i.indexrelid
            """,
            _connection);
        command.Parameters.AddWithValue("table", name);
        var found = false;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                found |= (await reader.GetFieldValueAsync<string[]>(0, ct)).ToHashSet(StringComparer.Ordinal).SetEquals(keys);
            }
        }
        return found;
    }

    internal static async Task<NpgsqlConnection> ConnectAsync(PostgresEndpoint endpoint, CancellationToken ct)
    {
        var connection = new NpgsqlConnection(endpoint.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw endpoint.CannotConnect(ex);
        }
        return connection;
    }

    /// <summary>
    /// The statement that makes the rest of its transaction wait for, then hold, a table's turn: merges, table
    /// changes and ACTIVATE_VERSION of every target-postgres run take it, so two runs loading one table take turns
    /// (a DELETE + INSERT merge is only correct alone) whoever created the table. The key is a hash computed here
    /// (no name goes into the SQL): the first 8 bytes of SHA-256 of "target-postgres " and the quoted name.
    /// </summary>
    internal static string TableLockSql(string qualifiedName) =>
        $"SELECT pg_advisory_xact_lock({BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("target-postgres " + qualifiedName)))})";

    // The table changes below run as one command with the lock, which is one implicit transaction: a run that finds
    // no table (or no column) while another creates it waits for it, then finds it (IF NOT EXISTS) instead of failing
    // with 42P07 or 23505 pg_type_typname_nsp_index.
    public override string CreateSchemaSql(string schema) => $"{TableLockSql(Quote(schema))}; {base.CreateSchemaSql(schema)}";

    public override string CreateTableSql(string schema, string table, TableShape shape)
    {
        const string create = "CREATE TABLE ";
        var sql = base.CreateTableSql(schema, table, shape);
        return $"{TableLockSql(QualifiedName(schema, table))}; CREATE TABLE IF NOT EXISTS {sql[create.Length..]}";
    }

    public override string AddColumnSql(string schema, string table, WarehouseColumn column) =>
        $"{TableLockSql(QualifiedName(schema, table))}; ALTER TABLE {QualifiedName(schema, table)} ADD COLUMN IF NOT EXISTS {Quote(column.Name)} {TypeName(column.Type)}";

    public override string AlterTypeSql(string schema, string table, string column, SqlType type) =>
        $"{TableLockSql(QualifiedName(schema, table))}; {base.AlterTypeSql(schema, table, column, type)}";

    public override string ActivateVersionSql(string target, long version, bool softDelete) =>
        $"{TableLockSql(target)}; {base.ActivateVersionSql(target, version, softDelete)}";

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

    public override async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        // Named by its last statement: the first may be the table's lock.
        var last = sql[(sql.LastIndexOf("; ", StringComparison.Ordinal) + 1)..].Trim();
        await Endpoint.RunAsync($"running {last[..Math.Min(80, last.Length)]}", async () =>
        {
            await using var command = new NpgsqlCommand(sql, _connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        });
    }

    public override async Task<IReadOnlyDictionary<string, SqlType>?> ReadColumnsAsync(string schema, string table, CancellationToken cancellationToken) =>
        await Endpoint.RunAsync($"reading the columns of {QualifiedName(schema, table)}", () => InformationSchema.ReadColumnsAsync(_connection, schema, table, ParseType, IdentifierRules.PostgreSql, cancellationToken));

    public override async ValueTask DisposeAsync()
    {
        await _staging.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
