using Npgsql;
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
    private readonly SqlKind[] _kinds;
    private readonly string _target;
    private readonly string _stage;
    private readonly bool _hardDelete;
    private readonly IReadOnlyList<string>? _upsertOthers; // null: merge by DELETE + INSERT
    private NpgsqlRawCopyStream? _copy;
    private PgCopyRowWriter? _rows;

    private PostgresStagedBatch(PostgresDialect dialect, NpgsqlConnection connection, NpgsqlTransaction transaction, StageLayout layout, string target, string stage, bool hardDelete, IReadOnlyList<string>? upsertOthers)
    {
        _dialect = dialect;
        _connection = connection;
        _transaction = transaction;
        _layout = layout;
        _kinds = layout.StageTypes.Select(t => t.Kind).ToArray();
        _target = target;
        _stage = stage;
        _hardDelete = hardDelete;
        _upsertOthers = upsertOthers;
    }

    public static async Task<PostgresStagedBatch> BeginAsync(PostgresDialect dialect, string connectionString, string schema, string table, TableShape shape, bool hardDelete, IReadOnlyList<string>? upsertOthers, CancellationToken ct)
    {
        var connection = await PostgresDialect.ConnectAsync(connectionString, ct);
        var transaction = await connection.BeginTransactionAsync(ct);
        var layout = new StageLayout(shape, dialect.StageType);
        var stage = dialect.Quote(StageLayout.StageName(table));
        var batch = new PostgresStagedBatch(dialect, connection, transaction, layout, dialect.QualifiedName(schema, table), stage, hardDelete, upsertOthers);
        var columns = string.Join(", ", layout.Columns().Select(c => $"{dialect.Quote(c.Name)} {dialect.TypeName(c.Type)}"));
        await batch.ExecuteAsync($"CREATE TEMP TABLE {stage} ({columns}) ON COMMIT DROP", ct);
        var names = string.Join(", ", layout.Columns().Select(c => dialect.Quote(c.Name)));
        batch._copy = await connection.BeginRawBinaryCopyAsync($"COPY {stage} ({names}) FROM STDIN (FORMAT BINARY)", ct);
        batch._rows = new PgCopyRowWriter(batch._copy, batch._target);
        return batch;
    }

    public override ValueTask WriteAsync(object?[] row, CancellationToken cancellationToken)
    {
        var rows = _rows!;
        var columns = _layout.Shape.Columns;
        rows.StartRow(_layout.FieldCount);
        for (var i = 0; i < columns.Count; i++)
        {
            var value = row[i];
            var twin = StageLayout.HasTextTwin(columns[i]);
            if (twin && value is string wide)
            {
                rows.WriteNull();
                rows.WriteValue(wide, SqlKind.Text, columns[i].Name);
                continue;
            }
            if (value is null)
            {
                rows.WriteNull();
            }
            else
            {
                rows.WriteValue(value, _kinds[i], columns[i].Name);
            }
            if (twin)
            {
                rows.WriteNull();
            }
        }
        rows.WriteValue((long)row[^1]!, SqlKind.BigInt, StageLayout.Sequence);
        return rows.FlushIfFullAsync(cancellationToken);
    }

    public override async Task CommitAsync(CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await _rows!.FinishAsync(cancellationToken);
        await _copy!.DisposeAsync(); // ends the COPY; the server checks every row here
        _copy = null;
        Singer.Sdk.Log.Debug($"{_target}: staging COPY completed in {clock.ElapsedMilliseconds} ms");
        var merge = _layout.MergeSql(_dialect, _target, _stage, _hardDelete, KeysMayRepeat, upsert: _upsertOthers is not null, _upsertOthers);
        await ExecuteMergeAsync(merge, ExecuteAsync, _target, cancellationToken);
        await _transaction.CommitAsync(cancellationToken);
    }

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_copy is not null)
        {
            // An unfinished batch: cancel the COPY and roll back, so nothing of it reaches the table.
            try
            {
                await _copy.CancelAsync();
            }
            catch (PostgresException)
            {
                // The server confirms a cancelled COPY with an error; that is the expected answer.
            }
            await _copy.DisposeAsync();
        }
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
