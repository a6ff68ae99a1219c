using MySqlConnector;
using Singer.Sdk;
using TapMysql.Binlog;
using TapMysql.Binlog.Events;
using TapMysql.Discovery;
using TapMysql.Sync;

namespace TapMysql.LogBased;

/// <summary>
/// Turns binlog events into RECORDs of the LOG_BASED streams, in binlog order, and writes STATE only at
/// transaction boundaries (after an XID, a COMMIT, or a DDL statement), so a run killed anywhere resumes
/// from its last STATE without losing or repeating a committed transaction. A transaction's records are
/// written as they are read (never held), then its STATE: a huge transaction is sent whole before its STATE.
/// </summary>
internal sealed partial class ChangeReader
{
    private static readonly System.Text.Json.JsonEncodedText DeletedAtName = SingerWriter.Encode(StreamPlan.DeletedAt);
    private readonly MySqlConnection _connection;
    private readonly SingerWriter _output;
    private readonly SingerState _state;
    private readonly int _checkpointEvery;
    private readonly Dictionary<(string Database, string Table), LoggedTable> _tables;
    private long _recordsSinceState;
    private long _groupsSinceState;
    private bool _inTransaction;

    /// <summary>The XA transaction whose XA PREPARE group is being read: its rows are held, not sent.</summary>
    private PreparedXa? _preparing;

    /// <summary>Prepared XA transactions not yet decided in what was read, by id: rows of ours held until XA COMMIT.</summary>
    private readonly Dictionary<string, PreparedXa> _prepared = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// An XA transaction between its XA PREPARE and its XA COMMIT/ROLLBACK. <see cref="Before"/> is the last boundary
    /// before its PREPARE group (null: none read yet this run): no bookmark may pass it while the transaction is undecided,
    /// so a rerun reads the held rows again.
    /// </summary>
    private sealed record PreparedXa(string Id, BinlogPosition? Before, List<RowsEvent> Rows);

    public ChangeReader(MySqlConnection connection, SingerWriter output, SingerState state, int checkpointEvery, IEnumerable<LoggedTable> tables)
    {
        _connection = connection;
        _output = output;
        _state = state;
        _checkpointEvery = checkpointEvery;
        _tables = tables.ToDictionary(t => (t.Database, t.Table));
    }

    /// <summary>The last transaction boundary read: every stream's bookmark is at least this after it.</summary>
    public BinlogPosition? LastBoundary { get; private set; }

    /// <summary>True when the events read so far end inside a transaction.</summary>
    public bool InTransaction => _inTransaction;

    public async Task ApplyAsync(BinlogEvent binlogEvent, CancellationToken ct)
    {
        switch (binlogEvent)
        {
            case RowsEvent rows:
                _inTransaction = true;
                await WriteRowsAsync(rows, ct);
                break;
            case XidEvent xid:
                await BoundaryAsync(xid.End, ct);
                break;
            case GtidEvent gtid:
                _inTransaction = !gtid.IsStandalone;
                _preparing = gtid.PreparedXaId is { } xa ? new PreparedXa(xa, LastBoundary, []) : null;
                if (_preparing is not null)
                {
                    _prepared[_preparing.Id] = _preparing;
                }
                break;
            case QueryEvent query:
                await ApplyQueryAsync(query, ct);
                break;
        }
    }

    /// <summary>
    /// For a run that fails part way: a STATE at the last transaction boundary read, so the rerun does not send
    /// again the transactions already sent (those after the last periodic STATE).
    /// </summary>
    public async Task SaveProgressAsync(CancellationToken ct)
    {
        if (LastBoundary is { } boundary && _tables.Values.Any(t => t.Bookmark < boundary))
        {
            await WriteStateAsync(boundary, ct);
        }
    }

    /// <summary>Moves every stream's bookmark to <paramref name="end"/> (if behind it), for the run's final STATE.</summary>
    public void Finish(BinlogPosition end)
    {
        foreach (var undecided in _prepared.Values.Where(x => x.Rows.Count > 0))
        {
            Log.Warning($"XA transaction {undecided.Id} is prepared but neither committed nor rolled back by {end}: its changes of selected tables " +
                $"are not sent yet, and the bookmark stays before its XA PREPARE{(undecided.Before is { } before ? $" ({before})" : "")}, so the next run reads them again " +
                "(and sends again the transactions read after it)");
        }
        Advance(end);
    }

    private async Task ApplyQueryAsync(QueryEvent query, CancellationToken ct)
    {
        var sql = query.Sql.Trim();
        if (XaDecision().Match(sql) is { Success: true } decision)
        {
            await DecideXaAsync(decision.Groups["id"].Value, commit: decision.Groups["verb"].Value.Equals("COMMIT", StringComparison.OrdinalIgnoreCase), query.End, ct);
            return;
        }
        if (query.IsBegin)
        {
            _inTransaction = true;
            return;
        }
        // A group that changed a non-transactional table ends with COMMIT, or with ROLLBACK when the
        // transactional part was rolled back (the non-transactional rows stay changed, so they were sent).
        if (query.IsCommit || sql.Equals("ROLLBACK", StringComparison.OrdinalIgnoreCase))
        {
            await BoundaryAsync(query.End, ct);
            return;
        }
        if (DdlStatement.IsRowChange(sql))
        {
            if (_tables.Values.FirstOrDefault(t => t.Bookmark < query.End && DdlStatement.Mentions(sql, query.Database, t.Database, t.Table)) is { } changed)
            {
                throw new SingerException($"stream '{changed.TapStreamId}': a change of its table is logged as a statement, not as rows, at {query.End} " +
                    $"(a session with binlog_format STATEMENT or MIXED ran: {Shorten(sql)}), so its rows cannot be read from the binlog: " +
                    "keep binlog_format=ROW in every session that writes the table, and resync the stream (remove its bookmark from the state)");
            }
            return;
        }
        if (DdlStatement.IsSchemaChange(sql) || DdlStatement.IsTruncate(sql))
        {
            foreach (var table in _tables.Values.Where(t => t.Bookmark < query.End && DdlStatement.Mentions(sql, query.Database, t.Database, t.Table)).ToList())
            {
                if (DdlStatement.IsTruncate(sql))
                {
                    Log.Warning($"stream '{table.TapStreamId}': the table was truncated ({query.End}); the binlog logs that as a statement, " +
                        "not as deleted rows, so no deletes are sent: resync the stream to drop its rows at the target");
                    continue;
                }
                await RereadAsync(table, ct);
            }
            // A DDL statement commits on its own.
            await BoundaryAsync(query.End, ct);
            return;
        }
        if (!_inTransaction)
        {
            // Any other statement logged on its own (GRANT, CREATE USER, ...) is a group of its own too.
            await BoundaryAsync(query.End, ct);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^XA\s+(?<verb>COMMIT|ROLLBACK)\s+(?<id>X'[0-9A-Fa-f]*'\s*,\s*X'[0-9A-Fa-f]*'\s*,\s*\d+)\s*$",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex XaDecision();

    /// <summary>XA COMMIT sends the held rows of the transaction (in their binlog order); XA ROLLBACK drops them.</summary>
    private async Task DecideXaAsync(string id, bool commit, BinlogPosition end, CancellationToken ct)
    {
        var key = id.Replace(" ", "", StringComparison.Ordinal);
        if (_prepared.Remove(key, out var held))
        {
            if (commit)
            {
                foreach (var rows in held.Rows)
                {
                    await WriteRowsAsync(rows, ct, held: true);
                }
            }
            else if (held.Rows.Count > 0)
            {
                Log.Info($"XA transaction {key} was rolled back ({end}): its {held.Rows.Count} rows event(s) of selected tables are not sent");
            }
        }
        // An XA transaction prepared before this run's start position: its rows were read (and held, or sent at the
        // PREPARE by a version before this one) in an earlier run, whose bookmark stayed before them; nothing to do here.
        await BoundaryAsync(end, ct);
    }

    /// <summary>A statement for an error line: its first 120 characters on one line.</summary>
    private static string Shorten(string sql)
    {
        var line = string.Join(' ', sql.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 120 ? line : line[..120] + "...";
    }

    private async Task WriteRowsAsync(RowsEvent rows, CancellationToken ct, bool held = false)
    {
        if (!_tables.TryGetValue((rows.Table.Database, rows.Table.Table), out var table) || rows.End <= table.Bookmark)
        {
            // Not a selected table (its rows are never decoded), or a change this stream already has.
            return;
        }
        if (!held && _preparing is not null)
        {
            // Prepared, not committed: sent when (and only if) its XA COMMIT is read.
            _preparing.Rows.Add(rows);
            return;
        }
        var deletedAt = rows.Kind == RowsEventKind.Delete
            ? SingerWriter.Encode(SingerJson.FormatDateTime(rows.Timestamp))
            : (System.Text.Json.JsonEncodedText?)null;
        var extracted = SingerWriter.Encode(SingerJson.FormatDateTime(DateTimeOffset.UtcNow));
        foreach (var row in rows.Rows)
        {
            if (table.Batch.IsFull)
            {
                await WriteBatchAsync(table, deletedAt, extracted, ct);
            }
            try
            {
                table.Decoder.Append(row.Emitted, table.Batch);
            }
            catch (PartialRowImageException ex)
            {
                throw new SingerException($"stream '{table.TapStreamId}': a row logged before {rows.End} lacks column '{ex.Column}' " +
                    "(its session wrote binlog_row_image MINIMAL or NOBLOB), so the row cannot be read whole from the binlog: " +
                    "keep binlog_row_image=FULL in every session that writes the table, and resync the stream (remove its bookmark from the state)", ex);
            }
            catch (TableLayoutChangedException ex)
            {
                throw new SingerException($"stream '{table.TapStreamId}': rows logged before {rows.End} do not fit the columns this run knows for that point " +
                    $"({ex.Message}; the table was altered more than once since the bookmark, or by a statement not recognised as DDL): " +
                    "resync the stream (remove its bookmark from the state)", ex);
            }
        }
        await WriteBatchAsync(table, deletedAt, extracted, ct);
    }

    private async Task WriteBatchAsync(LoggedTable table, System.Text.Json.JsonEncodedText? deletedAt, System.Text.Json.JsonEncodedText extracted, CancellationToken ct)
    {
        var batch = table.Batch;
        for (var row = 0; row < batch.Count; row++)
        {
            var json = _output.BeginRecord(table.EncodedStream);
            table.Encoder.Write(json, batch, row);
            json.WritePropertyName(DeletedAtName);
            if (deletedAt is { } at)
            {
                json.WriteStringValue(at);
            }
            else
            {
                json.WriteNullValue();
            }
            await _output.EndRecordAsync(table.Version, extracted, ct);
        }
        table.Count(batch.Count);
        _recordsSinceState += batch.Count;
        batch.Clear();
    }

    private async Task BoundaryAsync(BinlogPosition end, CancellationToken ct)
    {
        _inTransaction = false;
        LastBoundary = end;
        _groupsSinceState++;
        // Also after as many transactions without a record of ours: a run reading other tables' changes for hours
        // otherwise keeps its bookmark where it started, and a rerun after a crash reads all of them again.
        if (_recordsSinceState >= _checkpointEvery || _groupsSinceState >= _checkpointEvery)
        {
            await WriteStateAsync(end, ct);
        }
    }

    /// <summary>Bookmarks every stream at <paramref name="boundary"/> (if behind it) and writes the STATE.</summary>
    private async Task WriteStateAsync(BinlogPosition boundary, CancellationToken ct)
    {
        Advance(boundary);
        await _output.WriteAsync(new StateMessage(_state.Snapshot().Value), ct);
        _recordsSinceState = 0;
        _groupsSinceState = 0;
    }

    private void Advance(BinlogPosition end)
    {
        // While an XA transaction is undecided, no bookmark passes its PREPARE: a rerun must read its rows again.
        foreach (var undecided in _prepared.Values)
        {
            if (undecided.Before is not { } before)
            {
                return;
            }
            if (before < end)
            {
                end = before;
            }
        }
        foreach (var table in _tables.Values.Where(t => t.Bookmark < end))
        {
            table.Bookmark = end;
            LogBasedBookmark.Write(_state, table.TapStreamId, end);
            LogBasedBookmark.WriteLayout(_state, table.TapStreamId, table.Layout);
        }
    }

    /// <summary>
    /// After DDL on the table: reads its columns again, announces the new SCHEMA, and decodes later rows
    /// with the new layout. (The columns are read as they are now, so a table altered twice within one
    /// run's range is decoded with its latest layout from the first change on.)
    /// </summary>
    private async Task RereadAsync(LoggedTable table, CancellationToken ct)
    {
        var tables = await SchemaReader.ReadAsync(_connection, [table.Database], ct);
        var info = tables.FirstOrDefault(t => t.Name == table.Table && !t.IsView);
        if (info is null || StreamPlan.Create(table.Plan.Entry, info) is not { } plan)
        {
            Log.Warning($"stream '{table.TapStreamId}': the table is gone after a DDL statement; its later rows (if any) are not sent");
            _tables.Remove((table.Database, table.Table));
            return;
        }
        Log.Info($"stream '{table.TapStreamId}': the table was altered; its columns are read again and a new SCHEMA is sent");
        if (!table.LayoutKnown)
        {
            Log.Warning($"stream '{table.TapStreamId}': the state has no table_columns (a Python tap's state), so rows logged before this change " +
                "were decoded with the table's current columns; if the change kept the number and types of the columns (a renamed column), " +
                "their values may be under the wrong names: resync the stream if in doubt");
        }
        table.Use(plan, info.Columns.Select(c => c.Name).ToList());
        await _output.WriteAsync(plan.SchemaMessage(), ct);
    }
}
