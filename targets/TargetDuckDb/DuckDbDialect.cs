using System.Data.Common;
using DuckDB.NET.Data;
using Singer.Sdk;
using Warehouse;

namespace TargetDuckDb;

/// <summary>
/// DuckDB: DECIMAL(38,s) where the schema gives the scale, DOUBLE where it does not, TIMESTAMPTZ, JSON.
/// Batches are staged as JSON files that DuckDB reads, a chunk at a time as they fill, into staging tables in an
/// in-memory database, and merged in one transaction per batch (<see cref="DuckDbStagedBatch"/>). Two connections to the
/// one database serve the run: the reader loads chunks while the main connection merges the batch before, and each
/// one's uses take turns (<see cref="ExclusiveAsync"/>, <see cref="ReadAsync"/>).
/// </summary>
public sealed class DuckDbDialect : SqlDialect
{
    private const int MaxDecimalScale = 38;

    /// <summary>The in-memory database staging tables live in, seen by both connections.</summary>
    public const string StagingCatalog = "_sdc_staging";

    private readonly DuckDBConnection _connection;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly SemaphoreSlim _readTurn = new(1, 1);
    private DuckDBConnection? _reader;

    private DuckDbDialect(DuckDBConnection connection, StagingDirectory staging)
    {
        _connection = connection;
        Staging = staging;
    }

    /// <summary>Where a batch's staging files go (see <see cref="StagingDirectory"/>).</summary>
    internal StagingDirectory Staging { get; }

    public static async Task<DuckDbDialect> OpenAsync(string path, CancellationToken ct)
    {
        if (!InMemory(path) && path.Contains('?', StringComparison.Ordinal))
        {
            // DuckDB opens the file but puts its write-ahead log at the path with ".wal" before the '?': elsewhere.
            throw new ConfigurationException($"cannot open DuckDB database '{path}': DuckDB reads '?' in a path as the start of options; choose a path without '?'");
        }
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
        // Opened after the database: DuckDB lets one process at a time open a file for writing, so the staging files
        // of this database that are there now are a killed run's.
        StagingDirectory staging;
        try
        {
            staging = StagingDirectory.Open(path, InMemory(path));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        var dialect = new DuckDbDialect(connection, staging);
        // Timestamps are shown (and cast from text) in UTC, whatever the machine's zone.
        await dialect.ExecuteAsync("SET TimeZone = 'UTC'", ct);
        // The parsing thread keeps a core busy all run: DuckDB's workers contending for it cost more than they gave
        // (1M records on 2 cores: 3.2-3.5 s with one worker, 3.6-4.1 s with two, and 25% more CPU).
        await dialect.ExecuteAsync($"SET threads = {Math.Max(1, Environment.ProcessorCount - 1)}", ct);
        await dialect.ExecuteAsync($"ATTACH ':memory:' AS {dialect.Quote(StagingCatalog)}", ct);
        // A second connection with the same data source shares the open database (and the staging catalog).
        dialect._reader = InMemory(path) ? connection.Duplicate() : new DuckDBConnection($"Data Source={path}");
        if (dialect._reader.State != System.Data.ConnectionState.Open)
        {
            await dialect._reader.OpenAsync(ct);
        }
        return dialect;
    }

    private static bool InMemory(string path) => path.Length == 0 || path.StartsWith(":memory:", StringComparison.Ordinal);


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

    /// <summary>Batches are staged in files (<see cref="DuckDbStagedBatch"/>): nothing touches the database until the commit.</summary>
    public override Task<StagedBatch> BeginBatchAsync(string schema, string table, TableShape shape, bool hardDelete, CancellationToken cancellationToken) =>
        Task.FromResult<StagedBatch>(new DuckDbStagedBatch(this, schema, table, shape, hardDelete));

    public override bool CommitsInBackground => true;

    /// <summary>
    /// Runs <paramref name="work"/> with the connection to itself: statements it runs through the given executor are
    /// not interleaved with any other use of the connection (a background commit, a new stream's table).
    /// </summary>
    public Task ExclusiveAsync(Func<Func<string, CancellationToken, Task>, Task> work, CancellationToken cancellationToken) =>
        InTurnAsync(_turn, () => work((sql, ct) => ExecuteOnAsync(_connection, sql, ct)), cancellationToken);

    /// <summary>Runs <paramref name="work"/> once the other users of a connection are done with it.</summary>
    private static async Task InTurnAsync(SemaphoreSlim turn, Func<Task> work, CancellationToken cancellationToken)
    {
        await turn.WaitAsync(cancellationToken);
        try
        {
            await work();
        }
        finally
        {
            turn.Release();
        }
    }

    private static async Task ExecuteOnAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// A table without a PRIMARY KEY: DuckDB keeps each key's ART index wholly in memory (half a megabyte for a table
    /// of three rows, and growing with the table), so 1,000 streams cost half a gigabyte and one big table more with
    /// every load; the merge, not the index, keeps one row per key (DuckDB's merge deletes the batch's keys and inserts).
    /// </summary>
    public override string CreateTableSql(string schema, string table, TableShape shape) =>
        $"CREATE TABLE {QualifiedName(schema, table)} ({string.Join(", ", shape.Columns.Select(c => $"{Quote(c.Name)} {TypeName(c.Type)}"))})";

    /// <summary>JSON is staged as VARCHAR and cast by the merge; everything else natively.</summary>
    public override SqlType StageType(SqlType type) => type.Kind == SqlKind.Json ? SqlType.Text : type;

    public override string AlterTypeSql(string schema, string table, string column, SqlType type) =>
        $"ALTER TABLE {QualifiedName(schema, table)} ALTER COLUMN {Quote(column)} TYPE {TypeName(type)}";

    /// <summary>Runs a statement on the reader connection, after the reads queued before it.</summary>
    public Task ReadAsync(string sql, CancellationToken cancellationToken) =>
        InTurnAsync(_readTurn, () => ExecuteOnAsync(_reader!, sql, cancellationToken), cancellationToken);

    /// <summary>Runs a query of one true-or-false value on the reader connection, after the reads queued before it.</summary>
    public async Task<bool> ReadFlagAsync(string sql, CancellationToken cancellationToken)
    {
        var flag = false;
        await InTurnAsync(
            _readTurn,
            async () =>
            {
                await using var command = _reader!.CreateCommand();
                command.CommandText = sql;
                flag = await command.ExecuteScalarAsync(cancellationToken) is true;
            },
            cancellationToken);
        return flag;
    }

    public override Task ExecuteAsync(string sql, CancellationToken cancellationToken) =>
        ExclusiveAsync(execute => execute(sql, cancellationToken), cancellationToken);

    public override async Task<IReadOnlyDictionary<string, SqlType>?> ReadColumnsAsync(string schema, string table, CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, SqlType>? columns = null;
        await InTurnAsync(
            _turn, async () => columns = await InformationSchema.ReadColumnsAsync(_connection, schema, table, ParseType, IdentifierRules.DuckDb, cancellationToken), cancellationToken);
        return columns;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_reader is not null)
        {
            await _reader.DisposeAsync();
        }
        await _connection.DisposeAsync();
        Staging.Delete();
        _turn.Dispose();
        _readTurn.Dispose();
    }
}
