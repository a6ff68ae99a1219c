using Npgsql;
using Warehouse;

namespace TargetPostgres;

/// <summary>
/// One batch: a transaction, a temporary staging table, and a binary COPY into it. With a direct connection (see
/// <see cref="StagingConnections"/>) the COPY stays open while the batch's records arrive; without one the rows are
/// encoded into a <see cref="SpillBuffer"/> and COPY'd at the commit, over the spill connection. Either way the
/// merge runs in the same transaction, in the table's turn (see <see cref="PostgresDialect.TableLockSql"/>).
/// A batch whose rows the merge would insert as they are (see <see cref="MayGoStraight"/>) keeps them locally
/// instead, and at the commit COPYs them straight into the table, without the stage and the INSERT … SELECT from it
/// (the server's work per row about halves); when the batch turns out to need the merge after all (a key repeated,
/// a number too wide for a decimal, a key already in the table), its rows go through the stage from the buffer.
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
    private readonly SpillBuffer? _spill; // null: staged over a direct connection as the records arrive
    private readonly bool _straight; // kept locally to be COPY'd straight into the table, unless the batch needs its stage
    private bool _wide; // a value went to a text twin: the batch needs its stage
    private NpgsqlConnection? _connection;
    private NpgsqlTransaction? _transaction;
    private NpgsqlRawCopyStream? _copy;
    private PgCopyRowWriter _rows = null!;
    private bool _spillTurn;
    private bool _committed;

    private PostgresStagedBatch(PostgresDialect dialect, StagingConnections connections, StageLayout layout, string target, string stage, bool hardDelete, IReadOnlyList<string>? upsertOthers, bool spilled, bool straight)
    {
        _dialect = dialect;
        _connections = connections;
        _layout = layout;
        _kinds = layout.StageTypes.Select(t => t.Kind).ToArray();
        _target = target;
        _stage = stage;
        _hardDelete = hardDelete;
        _upsertOthers = upsertOthers;
        _spill = spilled || straight ? new SpillBuffer() : null;
        _straight = straight;
    }

    /// <param name="plainTypes">Every column has in the table its stage type, as the target creates it (see <see cref="PostgresDialect"/>).</param>
    public static async Task<PostgresStagedBatch> BeginAsync(
        PostgresDialect dialect, StagingConnections connections, string schema, string table, TableShape shape, bool hardDelete, IReadOnlyList<string>? upsertOthers, bool plainTypes,
        CancellationToken ct)
    {
        var connection = await connections.TryTakeDirectAsync(ct);
        var layout = new StageLayout(shape, dialect.StageType);
        var stage = dialect.Quote(StageLayout.StageName(table));
        var target = dialect.QualifiedName(schema, table);
        var straight = plainTypes && MayGoStraight(dialect, layout, target, upsertOthers);
        var batch = new PostgresStagedBatch(dialect, connections, layout, target, stage, hardDelete, upsertOthers, spilled: connection is null, straight);
        batch._connection = connection; // kept by a batch going straight, for its commit
        if (batch._spill is not null)
        {
            batch._rows = new PgCopyRowWriter(batch._spill, batch._target, dialect.SanitizeNulCharacters);
            return batch;
        }
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

    /// <summary>
    /// True when the merge would insert the batch's rows as they are, as far as is known before they come: the table has
    /// no keys, or a unique index on them and no batch of this run has met a key already there (and, the caller
    /// checked, every column has in the table the stage's type). The commit checks the rest (<see cref="TryCopyStraightAsync"/>).
    /// </summary>
    private static bool MayGoStraight(PostgresDialect dialect, StageLayout layout, string target, IReadOnlyList<string>? upsertOthers) =>
        layout.Shape.Keys.Count == 0 || (upsertOthers is not null && dialect.MayInsertOnly(target));

    /// <summary>On <see cref="_connection"/>: the transaction, the staging table, and its COPY.</summary>
    private async Task StartCopyAsync(CancellationToken ct)
    {
        _transaction = await _connection!.BeginTransactionAsync(ct);
        await StartStageCopyAsync(ct);
    }

    /// <summary>In the transaction begun: the staging table and its COPY.</summary>
    private async Task StartStageCopyAsync(CancellationToken ct)
    {
        var columns = string.Join(", ", _layout.Columns().Select(c => $"{_dialect.Quote(c.Name)} {_dialect.TypeName(c.Type)}"));
        await ExecuteAsync($"CREATE TEMP TABLE {_stage} ({columns}) ON COMMIT DROP", ct);
        var names = string.Join(", ", _layout.Columns().Select(c => _dialect.Quote(c.Name)));
        _copy = await _connection!.BeginRawBinaryCopyAsync($"COPY {_stage} ({names}) FROM STDIN (FORMAT BINARY)", ct);
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
                _wide = true;
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
            if (_connection is null)
            {
                _connection = await _connections.TakeSpillTurnAsync(cancellationToken);
                _spillTurn = true;
            }
            _transaction = await _connection.BeginTransactionAsync(cancellationToken);
            if (await TryCopyStraightAsync(cancellationToken))
            {
                await _transaction.CommitAsync(cancellationToken);
                _committed = true;
                Singer.Sdk.Log.Debug($"{_target}: COPY'd straight into the table in {clock.ElapsedMilliseconds} ms");
                WarnSanitized();
                return;
            }
            await StartStageCopyAsync(cancellationToken);
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
        WarnSanitized();
    }

    private void WarnSanitized()
    {
        foreach (var (column, values) in _rows.SanitizedValues)
        {
            Singer.Sdk.Log.Warning($"{_target}: column '{column}': NUL characters (U+0000) removed from {values} value(s) of this batch (sanitize_null_text_characters)");
        }
    }

    /// <summary>
    /// A batch kept locally to go straight into its table, when the merge would insert its rows as they are: no value
    /// went to a text twin, and with keys, none repeats in the batch and no batch of this run has met one already in
    /// the table. In the table's turn, its rows are COPY'd into the table's columns, leaving out the twins and the
    /// sequence (<see cref="CopyFieldFilter"/>); a key already there fails the COPY (unique violation), which is undone
    /// (to a savepoint) and the batch, and the table's later ones, take the stage and the upsert. False when not done.
    /// </summary>
    private async Task<bool> TryCopyStraightAsync(CancellationToken cancellationToken)
    {
        var keyed = _layout.Shape.Keys.Count > 0;
        if (!_straight || _wide || (keyed && (KeysMayRepeat || !_dialect.MayInsertOnly(_target))))
        {
            return false;
        }
        await ExecuteAsync(PostgresDialect.TableLockSql(_target), cancellationToken); // held until the commit
        if (keyed)
        {
            await ExecuteAsync($"SAVEPOINT {PlainInsertSavepoint}", cancellationToken);
        }
        try
        {
            var names = string.Join(", ", _layout.Shape.Columns.Select(c => _dialect.Quote(c.Name)));
            await using (var copy = await _connection!.BeginRawBinaryCopyAsync($"COPY {_target} ({names}) FROM STDIN (FORMAT BINARY)", cancellationToken))
            {
                var rows = new CopyFieldFilter(copy, _layout.TableFields());
                await _spill!.ReplayAsync(rows.WriteAsync, cancellationToken);
                await rows.CompleteAsync(cancellationToken);
            } // ends the COPY: the server checks every row here
            if (keyed)
            {
                await ExecuteAsync($"RELEASE SAVEPOINT {PlainInsertSavepoint}", cancellationToken);
            }
        }
        catch (PostgresException ex) when (keyed && ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await ExecuteAsync($"ROLLBACK TO SAVEPOINT {PlainInsertSavepoint}", cancellationToken);
            _dialect.MetExistingKeys(_target);
            Singer.Sdk.Log.Debug($"{_target}: the batch has keys already in the table; upserting from now on");
            return false;
        }
        if (_hardDelete)
        {
            await ExecuteAsync(StageLayout.HardDeleteSql(_dialect, _target), cancellationToken);
        }
        return true;
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
            }
            if (_spillTurn)
            {
                await _connections.EndSpillTurnAsync(_committed);
            }
            else if (_connection is not null)
            {
                await _connections.ReturnDirectAsync(_connection, _committed);
            }
        }
    }
}
