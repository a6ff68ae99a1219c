using Npgsql;
using NpgsqlTypes;
using Warehouse;

namespace TargetPostgres;

/// <summary>
/// One batch on a connection of its own (so streams can stage side by side): a transaction, a temporary
/// staging table, and a binary COPY that stays open while the batch's records arrive.
/// </summary>
internal sealed class PostgresStagedBatch : StagedBatch
{
    private readonly PostgresDialect _dialect;
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;
    private readonly StageLayout _layout;
    private readonly NpgsqlDbType[] _types;
    private readonly string _target;
    private readonly string _stage;
    private readonly bool _hardDelete;
    private NpgsqlBinaryImporter? _importer;

    private PostgresStagedBatch(PostgresDialect dialect, NpgsqlConnection connection, NpgsqlTransaction transaction, StageLayout layout, string target, string stage, bool hardDelete)
    {
        _dialect = dialect;
        _connection = connection;
        _transaction = transaction;
        _layout = layout;
        _types = layout.StageTypes.Select(PostgresDialect.CopyType).ToArray();
        _target = target;
        _stage = stage;
        _hardDelete = hardDelete;
    }

    public static async Task<PostgresStagedBatch> BeginAsync(PostgresDialect dialect, string connectionString, string schema, string table, TableShape shape, bool hardDelete, CancellationToken ct)
    {
        var connection = await PostgresDialect.ConnectAsync(connectionString, ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        var layout = new StageLayout(shape, dialect.StageType);
        var stage = dialect.Quote(Naming.Identifier("_sdc_stage_" + table));
        var batch = new PostgresStagedBatch(dialect, connection, transaction, layout, dialect.QualifiedName(schema, table), stage, hardDelete);
        var columns = string.Join(", ", layout.Columns().Select(c => $"{dialect.Quote(c.Name)} {dialect.TypeName(c.Type)}"));
        await batch.ExecuteAsync($"CREATE TEMP TABLE {stage} ({columns}) ON COMMIT DROP", ct);
        var names = string.Join(", ", layout.Columns().Select(c => dialect.Quote(c.Name)));
        batch._importer = await connection.BeginBinaryImportAsync($"COPY {stage} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        return batch;
    }

    public override async ValueTask WriteAsync(object?[] row, CancellationToken cancellationToken)
    {
        var importer = _importer!;
        await importer.StartRowAsync(cancellationToken);
        var columns = _layout.Shape.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            var value = row[i];
            var twin = StageLayout.HasTextTwin(columns[i]);
            if (twin && value is string wide)
            {
                await importer.WriteNullAsync(cancellationToken);
                await importer.WriteAsync(wide, NpgsqlDbType.Text, cancellationToken);
                continue;
            }
            if (value is string text && text.Contains('\0', StringComparison.Ordinal))
            {
                // PostgreSQL text and JSONB cannot hold U+0000; say where, instead of the server's bare 22021.
                throw new Singer.Sdk.SingerException($"table {_target}: column '{columns[i].Name}': PostgreSQL cannot store the NUL character (U+0000) found in a value");
            }
            await WriteValueAsync(importer, value, _types[i], cancellationToken);
            if (twin)
            {
                await importer.WriteNullAsync(cancellationToken);
            }
        }
        await importer.WriteAsync((long)row[^1]!, NpgsqlDbType.Bigint, cancellationToken);
    }

    /// <summary>
    /// Writes through the generic overload with the value's own type: Npgsql then reuses one typed
    /// parameter per column instead of resolving a converter for every boxed value.
    /// </summary>
    private static Task WriteValueAsync(NpgsqlBinaryImporter importer, object? value, NpgsqlDbType type, CancellationToken ct) => value switch
    {
        null => importer.WriteNullAsync(ct),
        long l => importer.WriteAsync(l, type, ct),
        string s => importer.WriteAsync(s, type, ct),
        decimal d => importer.WriteAsync(d, type, ct),
        DateTime t => importer.WriteAsync(t, type, ct),
        bool b => importer.WriteAsync(b, type, ct),
        double d => importer.WriteAsync(d, type, ct),
        DateOnly d => importer.WriteAsync(d, type, ct),
        TimeOnly t => importer.WriteAsync(t, type, ct),
        _ => importer.WriteAsync(value, type, ct),
    };

    public override async Task CommitAsync(CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await _importer!.CompleteAsync(cancellationToken);
        await _importer.DisposeAsync();
        _importer = null;
        Singer.Sdk.Log.Debug($"{_target}: staging COPY completed in {clock.ElapsedMilliseconds} ms");
        foreach (var sql in _layout.MergeSql(_dialect, _target, _stage, _hardDelete, KeysMayRepeat))
        {
            clock.Restart();
            await ExecuteAsync(sql, cancellationToken);
            Singer.Sdk.Log.Debug($"{_target}: {sql[..Math.Min(60, sql.Length)]}... {clock.ElapsedMilliseconds} ms");
        }
        await _transaction.CommitAsync(cancellationToken);
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_importer is not null)
        {
            // An unfinished batch: cancel the COPY and roll back, so nothing of it reaches the table.
            await _importer.DisposeAsync();
        }
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
