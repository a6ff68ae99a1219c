using Npgsql;
using Warehouse;

namespace TargetPostgres;

/// <summary>
/// One batch: a transaction, a temporary staging table, and a binary COPY into it. With a direct connection (see
/// <see cref="StagingConnections"/>) the COPY stays open while the batch's records arrive; without one the rows are
/// encoded into a <see cref="SpillBuffer"/> and COPY'd at the commit, over the spill connection. Either way the
/// merge runs in the same transaction, in the table's turn (see <see cref="PostgresDialect.TableLockSql"/>).
/// </summary>
internal sealed class PostgresStagedBatch : StagedBatch
{
    private readonly PostgresDialect _dialect;
    private readonly StagingConnections _connections;
    private readonly StageLayout _layout;
    private readonly SqlKind[] _kinds;
    private readonly string _target;
    private readonly string _stage;
    private readonly bool _hardDelete;
    private readonly IReadOnlyList<string>? _upsertOthers; // null: merge by DELETE + INSERT
    private readonly SpillBuffer? _spill; // null: staged over a direct connection
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;
    private NpgsqlRawCopyStream? _copy;
    private PgCopyRowWriter _rows = null!;
    private bool _spillTurn;
    private bool _committed;

    private PostgresStagedBatch(PostgresDialect dialect, StagingConnections connections, StageLayout layout, string target, string stage, bool hardDelete, IReadOnlyList<string>? upsertOthers, bool spilled)
    {
        _dialect = dialect;
        _connections = connections;
        _layout = layout;
        _kinds = layout.StageTypes.Select(t => t.Kind).ToArray();
        _target = target;
        _stage = stage;
        _hardDelete = hardDelete;
        _upsertOthers = upsertOthers;
        _spill = spilled ? new SpillBuffer() : null;
    }

    public static async Task<PostgresStagedBatch> BeginAsync(PostgresDialect dialect, StagingConnections connections, string schema, string table, TableShape shape, bool hardDelete, IReadOnlyList<string>? upsertOthers, CancellationToken ct)
    {
        var connection = await connections.TryTakeDirectAsync(ct);
        var layout = new StageLayout(shape, dialect.StageType);
        var stage = dialect.Quote(StageLayout.StageName(table));
        var batch = new PostgresStagedBatch(dialect, connections, layout, dialect.QualifiedName(schema, table), stage, hardDelete, upsertOthers, spilled: connection is null);
        if (connection is null)
        {
            batch._rows = new PgCopyRowWriter(batch._spill!, batch._target, dialect.SanitizeNulCharacters);
            return batch;
        }
        batch._connection = connection;
        try
        {
            await dialect.Endpoint.RunAsync($"starting the staging COPY for {batch._target}", () => batch.StartCopyAsync(ct));
        }
        catch
        {
            await batch.DisposeAsync();
            throw;
        }
        batch._rows = new PgCopyRowWriter(batch._copy!, batch._target, dialect.SanitizeNulCharacters);
        return batch;
    }

    /// <summary>On <see cref="_connection"/>: the transaction, the staging table, and its COPY.</summary>
    private async Task StartCopyAsync(CancellationToken ct)
    {
        _transaction = await _connection!.BeginTransactionAsync(ct);
        var columns = string.Join(", ", _layout.Columns().Select(c => $"{_dialect.Quote(c.Name)} {_dialect.TypeName(c.Type)}"));
        await ExecuteAsync($"CREATE TEMP TABLE {_stage} ({columns}) ON COMMIT DROP", ct);
        var names = string.Join(", ", _layout.Columns().Select(c => _dialect.Quote(c.Name)));
        _copy = await _connection.BeginRawBinaryCopyAsync($"COPY {_stage} ({names}) FROM STDIN (FORMAT BINARY)", ct);
    }

    public override ValueTask WriteAsync(object?[] row, CancellationToken cancellationToken)
    {
        var rows = _rows;
        var columns = _layout.Shape.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            if (row[i] is string text)
            {
                rows.CheckValue(text, StageLayout.HasTextTwin(columns[i]) ? SqlKind.Text : _kinds[i], columns[i].Name);
            }
        }
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
        var flush = rows.FlushIfFullAsync(cancellationToken);
        return flush.IsCompletedSuccessfully ? flush : new ValueTask(_dialect.Endpoint.RunAsync($"staging rows for {_target}", flush.AsTask));
    }

    public override Task CommitAsync(CancellationToken cancellationToken) =>
        _dialect.Endpoint.RunAsync($"loading a batch into {_target}", () => CommitStagedAsync(cancellationToken));

    private async Task CommitStagedAsync(CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await _rows.FinishAsync(cancellationToken);
        if (_spill is not null)
        {
            _connection = await _connections.TakeSpillTurnAsync(cancellationToken);
            _spillTurn = true;
            await StartCopyAsync(cancellationToken);
            await _spill.CopyToAsync(_copy!, cancellationToken);
        }
        await _copy!.DisposeAsync(); // ends the COPY; the server checks every row here
        _copy = null;
        Singer.Sdk.Log.Debug($"{_target}: staging COPY completed in {clock.ElapsedMilliseconds} ms{(_spill is null ? "" : " (staged locally first)")}");
        await ExecuteAsync(PostgresDialect.TableLockSql(_target), cancellationToken); // held until the commit
        if (!await TryInsertOnlyAsync(cancellationToken))
        {
            var merge = _layout.MergeSql(_dialect, _target, _stage, _hardDelete, KeysMayRepeat, upsert: _upsertOthers is not null, _upsertOthers);
            await ExecuteMergeAsync(merge, ExecuteAsync, _target, cancellationToken);
        }
        await _transaction!.CommitAsync(cancellationToken);
        _committed = true;
        foreach (var (column, values) in _rows.SanitizedValues)
        {
            Singer.Sdk.Log.Warning($"{_target}: column '{column}': NUL characters (U+0000) removed from {values} value(s) of this batch (sanitize_null_text_characters)");
        }
    }

    /// <summary>
    /// New rows, the common case of a full load or a table's first run: when the batch's keys do not repeat and no batch of
    /// this run has met a key already in the table, the stage is inserted plainly inside a savepoint. A key already there
    /// fails it (unique violation): back to the savepoint, and this batch and the table's later ones take the upsert.
    /// </summary>
    private async Task<bool> TryInsertOnlyAsync(CancellationToken cancellationToken)
    {
        if (_upsertOthers is null || KeysMayRepeat || !_dialect.MayInsertOnly(_target))
        {
            return false;
        }
        await ExecuteAsync($"SAVEPOINT {PlainInsertSavepoint}", cancellationToken);
        try
        {
            await ExecuteMergeAsync(_layout.MergeSql(_dialect, _target, _stage, _hardDelete, keysMayRepeat: false, insertOnly: true), ExecuteAsync, _target, cancellationToken);
            await ExecuteAsync($"RELEASE SAVEPOINT {PlainInsertSavepoint}", cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await ExecuteAsync($"ROLLBACK TO SAVEPOINT {PlainInsertSavepoint}", cancellationToken);
            _dialect.MetExistingKeys(_target);
            Singer.Sdk.Log.Debug($"{_target}: the batch has keys already in the table; upserting from now on");
            return false;
        }
    }

    private const string PlainInsertSavepoint = "\"_sdc plain insert\"";

    private async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, _connection, _transaction);
        await command.ExecuteNonQueryAsync(ct);
    }

    public override async ValueTask DisposeAsync()
    {
        try
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
            if (_transaction is not null)
            {
                await _transaction.DisposeAsync();
            }
        }
        finally
        {
            if (_spill is not null)
            {
                await _spill.DisposeAsync();
                if (_spillTurn)
                {
                    await _connections.EndSpillTurnAsync(_committed);
                }
            }
            else if (_connection is not null)
            {
                await _connections.ReturnDirectAsync(_connection, _committed);
            }
        }
    }
}
