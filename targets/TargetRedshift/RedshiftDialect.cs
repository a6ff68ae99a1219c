using TargetPostgres;
using Npgsql;
using Singer.Sdk;
using Warehouse;

namespace TargetRedshift;

/// <summary>
/// Amazon Redshift. A batch's records are written as they arrive into <c>slices</c> CSV files, which are
/// uploaded to S3 and then, in one transaction, COPY'd into a temporary staging table (through
/// <see cref="ICopyExecutor"/>) and merged by the shared <see cref="StageLayout.MergeSql"/> (DELETE of the
/// batch's keys + INSERT of the last record of each key); after the COMMIT the files are deleted.
/// </summary>
internal sealed class RedshiftDialect : SqlDialect
{
    /// <summary>Redshift's NUMERIC holds at most 38 digits and a scale of at most 37.</summary>
    public const int MaxNumericScale = 37;

    /// <summary>VARCHAR sizes are bytes; 65535 is the largest, and what pipelinewise uses for strings of unknown length.</summary>
    public const string TextType = "VARCHAR(65535)";

    private readonly NpgsqlDataSource? _dataSource;
    private readonly NpgsqlConnection _connection;
    private readonly S3Staging _staging;
    private readonly RedshiftOptions _options;
    private readonly ICopyExecutor _copy;

    // The column types last read per table, so that AlterTypeSql knows what it converts from.
    private readonly Dictionary<(string Schema, string Table), IReadOnlyDictionary<string, SqlType>> _knownColumns = [];

    private readonly PostgresEndpoint? _endpoint; // null in SQL-only tests

    internal RedshiftDialect(NpgsqlDataSource? dataSource, NpgsqlConnection connection, S3Staging staging, RedshiftOptions options, ICopyExecutor copy, PostgresEndpoint? endpoint = null)
    {
        _endpoint = endpoint;
        _dataSource = dataSource;
        _connection = connection;
        _staging = staging;
        _options = options;
        _copy = copy;
    }

    /// <summary>
    /// Connects without loading the server's type catalog (Npgsql's replacement for the obsolete
    /// ServerCompatibilityMode=Redshift): Redshift's catalog is PostgreSQL 8.0's, and the built-in types are all a load needs.
    /// </summary>
    public static async Task<RedshiftDialect> OpenAsync(PostgresEndpoint endpoint, RedshiftOptions options, ICopyExecutor copy, CancellationToken ct)
    {
        var staging = S3Staging.Create(options);
        var builder = new NpgsqlDataSourceBuilder(endpoint.ConnectionString);
        builder.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
        var dataSource = builder.Build();
        NpgsqlConnection connection;
        try
        {
            connection = await dataSource.OpenConnectionAsync(ct);
            // The session in UTC (a SET, which Redshift takes, rather than a startup parameter): casts such as
            // DATE → TIMESTAMPTZ of a widened column read midnight in the session's zone.
            await using var utc = new NpgsqlCommand("SET TIME ZONE 'UTC'", connection);
            await utc.ExecuteNonQueryAsync(ct);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            await dataSource.DisposeAsync();
            staging.Dispose();
            throw endpoint.CannotConnect(ex);
        }
        return new RedshiftDialect(dataSource, connection, staging, options, copy, endpoint);
    }

    public override string TypeName(SqlType type) => type.Kind switch
    {
        SqlKind.BigInt => "BIGINT",
        // Without a declared scale (or one past Redshift's limit) a number is a float, as in pipelinewise.
        SqlKind.Numeric => type.Scale is { } scale and <= MaxNumericScale ? $"NUMERIC(38,{scale})" : "DOUBLE PRECISION",
        SqlKind.Double => "DOUBLE PRECISION",
        SqlKind.Boolean => "BOOLEAN",
        SqlKind.Text => TextType,
        SqlKind.Date => "DATE",
        SqlKind.Time => "TIME",
        SqlKind.Timestamp => "TIMESTAMPTZ",
        SqlKind.Json => "SUPER",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public override SqlType? ParseType(string dataType, int? numericScale) => dataType switch
    {
        "bigint" or "integer" or "smallint" => SqlType.BigInt,
        "numeric" => new SqlType(SqlKind.Numeric, numericScale),
        // A number column without scale is created DOUBLE PRECISION; reading it back as such keeps it unchanged.
        "double precision" or "real" => new SqlType(SqlKind.Numeric),
        "boolean" => new SqlType(SqlKind.Boolean),
        "character varying" or "character" or "text" => SqlType.Text,
        "date" => new SqlType(SqlKind.Date),
        "time without time zone" => new SqlType(SqlKind.Time),
        "timestamp with time zone" or "timestamp without time zone" => SqlType.Timestamp,
        // jsonb: how PostgreSQL reports the SUPER domain when it stands in for Redshift (the end-to-end tests); Redshift has no jsonb.
        "super" or "jsonb" => SqlType.Json,
        _ => null,
    };

    /// <summary>Staging columns have the table's types: COPY converts the CSV text to them itself.</summary>
    public override SqlType StageType(SqlType type) => type;

    /// <summary>
    /// Redshift cannot change most column types in place, so the column is rebuilt: a new column of the wider
    /// type, filled from the old one, which is dropped, and renamed. The statements go as one command, which
    /// runs as one implicit transaction. The column moves to the end of the table; loads name their columns.
    /// </summary>
    public override string AlterTypeSql(string schema, string table, string column, SqlType type)
    {
        var target = QualifiedName(schema, table);
        var from = _knownColumns.GetValueOrDefault((schema, table))?.GetValueOrDefault(column);
        // With a space, a name no column of a stream has (see StageLayout); the table's columns are never widened two at once.
        var temporary = Quote("_sdc widen");
        return string.Join("; ",
            $"ALTER TABLE {target} ADD COLUMN {temporary} {TypeName(type)}",
            $"UPDATE {target} SET {temporary} = {ConvertExpression(Quote(column), from, type)}",
            $"ALTER TABLE {target} DROP COLUMN {Quote(column)}",
            $"ALTER TABLE {target} RENAME COLUMN {temporary} TO {Quote(column)}");
    }

    /// <summary>An expression turning a column of type <paramref name="from"/> into <paramref name="to"/> (Redshift casts neither BOOLEAN nor SUPER to text).</summary>
    private string ConvertExpression(string column, SqlType? from, SqlType to) => (from?.Kind, to.Kind) switch
    {
        (SqlKind.Boolean, SqlKind.Text) => $"CASE WHEN {column} THEN 'true' WHEN NOT {column} THEN 'false' END",
        (SqlKind.Json, SqlKind.Text) => $"JSON_SERIALIZE({column})",
        _ => $"CAST({column} AS {TypeName(to)})",
    };

    /// <summary>As the shared statement, with GETDATE(): CURRENT_TIMESTAMP is a leader-node-only function that fails on Redshift tables.</summary>
    public override string ActivateVersionSql(string target, long version, bool softDelete)
    {
        var old = $"({Quote("_sdc_table_version")} IS NULL OR {Quote("_sdc_table_version")} < {version})";
        return softDelete
            ? $"UPDATE {target} SET {Quote("_sdc_deleted_at")} = GETDATE() WHERE {old} AND {Quote("_sdc_deleted_at")} IS NULL"
            : $"DELETE FROM {target} WHERE {old}";
    }

    public override Task ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        WithinTimeoutAsync($"running {sql[..Math.Min(80, sql.Length)]}", async () =>
        {
            await using var command = new NpgsqlCommand(sql, _connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        });

    /// <summary>A statement that gets no answer within command_timeout ends the run with one line naming the cluster.</summary>
    private Task WithinTimeoutAsync(string doing, Func<Task> action) => _endpoint is null ? action() : _endpoint.RunAsync(doing, action);

    public override async Task<IReadOnlyDictionary<string, SqlType>?> ReadColumnsAsync(string schema, string table, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, SqlType>? columns = null;
        await WithinTimeoutAsync($"reading the columns of {QualifiedName(schema, table)}", async () =>
            columns = await InformationSchema.ReadColumnsAsync(_connection, schema, table, ParseType, IdentifierRules.Redshift, cancellationToken));
        if (columns is not null)
        {
            Remember(schema, table, columns);
        }
        return columns;
    }

    /// <summary>Notes a table's column types as read, for <see cref="AlterTypeSql"/>.</summary>
    internal void Remember(string schema, string table, IReadOnlyDictionary<string, SqlType> columns) => _knownColumns[(schema, table)] = columns;

    /// <summary>Records are written to the slice files as they arrive, so a batch is never held in memory.</summary>
    public override Task<StagedBatch> BeginBatchAsync(string schema, string table, TableShape shape, bool hardDelete, CancellationToken cancellationToken) =>
        Task.FromResult<StagedBatch>(new RedshiftStagedBatch(this, schema, table, shape, hardDelete, _options.Slices, _options.Gzip));

    /// <summary>
    /// Loads a staged batch: upload its files, then in one transaction create the staging table, COPY the
    /// files into it, merge it into the table (last record of each key), drop it and commit; then delete the files.
    /// </summary>
    internal async Task CommitAsync(RedshiftStagedBatch batch, CancellationToken cancellationToken)
    {
        var slices = batch.Slices;
        if (slices.Count == 0)
        {
            return;
        }
        var target = QualifiedName(batch.Schema, batch.Table);
        var stage = Quote(StageLayout.StageName(batch.Table));
        var files = await _staging.UploadAsync(batch.Table, slices, cancellationToken);
        try
        {
            Log.Info($"staged {files.Rows} rows for {batch.Schema}.{batch.Table} in {files.Files.Count} file(s) at {files.Location}* ({files.Files.Sum(f => f.Bytes)} bytes)");
            var copy = new CopyCommand(stage, CopyColumns(batch.Layout), files, await _staging.CopyCredentialsAsync(), _options.Region, _options.Gzip, _options.CopyOptions);
            await using var transaction = await _connection.BeginTransactionAsync(cancellationToken);
            await ExecuteAsync(CreateStageSql(stage, batch.Layout), cancellationToken);
            await WithinTimeoutAsync($"loading the staged files into {stage}", () => _copy.CopyAsync(_connection, copy, cancellationToken));
            foreach (var sql in batch.Layout.MergeSql(this, target, stage, batch.HardDelete, batch.KeysMayRepeat))
            {
                await ExecuteAsync(sql, cancellationToken);
            }
            // Dropped inside the transaction: Redshift has no ON COMMIT DROP, and the next batch may have other columns.
            await ExecuteAsync($"DROP TABLE {stage}", cancellationToken);
            await WithinTimeoutAsync($"committing a batch into {target}", () => transaction.CommitAsync(cancellationToken));
        }
        finally
        {
            // Loaded or not, the files are done with: a failed batch is sent again by the next run, from its state.
            await _staging.DeleteAsync(files);
        }
    }

    /// <summary>
    /// The staging table: the table's columns with their own types (COPY parses the CSV text into them, so a
    /// NUMERIC's text twin is never filled), then the sequence number that ranks a key's records.
    /// </summary>
    internal string CreateStageSql(string stage, StageLayout layout) =>
        $"CREATE TEMP TABLE {stage} ({string.Join(", ", layout.Columns().Select(c => $"{Quote(c.Name)} {TypeName(c.Type)}"))})";

    /// <summary>The columns the CSV files hold, in order: the table's, then the sequence number.</summary>
    internal IReadOnlyList<string> CopyColumns(StageLayout layout) => [.. layout.Shape.Columns.Select(c => Quote(c.Name)), Quote(StageLayout.Sequence)];

    public override async ValueTask DisposeAsync()
    {
        _staging.Dispose();
        await _connection.DisposeAsync();
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
    }
}
