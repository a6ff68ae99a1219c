using MySqlConnector;
using Singer.Sdk;
using TapMysql.Binlog;
using TapMysql.FullTable;
using TapMysql.Sync;

namespace TapMysql.LogBased;

/// <summary>
/// LOG_BASED replication. Before anything is emitted: the preflight, the binlog's end now (where this run
/// stops reading), and a check that no bookmark is in a purged file. A stream never copied gets the binlog
/// coordinates noted, then its table copied as FULL_TABLE does, then the coordinates bookmarked. After every
/// copy, one replica connection reads the binlog from the earliest bookmark to the end noted at the start.
/// </summary>
internal sealed class LogBasedSync
{
    /// <summary>Where a random replica id is drawn from: high enough to stay clear of the small ids servers are given by hand.</summary>
    public const uint RandomServerIdMin = 0x40000000;
    public const uint RandomServerIdMax = 0x7FFFFFFF;

    private readonly MySqlConnection _connection;
    private readonly PluginConfig _config;
    private readonly SingerWriter _output;
    private readonly FullTableSync _fullTable;
    private readonly int _checkpointEvery;
    private readonly HashSet<string> _resync = new(StringComparer.Ordinal);
    private readonly HashSet<string> _copied = new(StringComparer.Ordinal);
    private BinlogPosition _stop;
    private uint _serverId;

    public LogBasedSync(MySqlConnection connection, PluginConfig config, SingerWriter output, FullTableSync fullTable, int checkpointEvery)
    {
        _connection = connection;
        _config = config;
        _output = output;
        _fullTable = fullTable;
        _checkpointEvery = checkpointEvery;
    }

    /// <summary>The replica id from config <c>server_id</c> (1 … 2^32−1), else a random one in [0x40000000, 0x7FFFFFFF].</summary>
    public static uint ServerId(PluginConfig config)
    {
        if (config.GetLong("server_id") is not { } id)
        {
            return (uint)Random.Shared.NextInt64(RandomServerIdMin, RandomServerIdMax + 1L);
        }
        return id is >= 1 and <= uint.MaxValue
            ? (uint)id
            : throw new ConfigurationException($"config key 'server_id' must be between 1 and {uint.MaxValue}, got {id}");
    }

    /// <summary>Everything checked before the first message: throws one clear line when LOG_BASED cannot run.</summary>
    public async Task PrepareAsync(IReadOnlyList<StreamPlan> plans, SingerState state, CancellationToken ct)
    {
        _serverId = ServerId(_config);
        await BinlogPreflight.RunAsync(_connection, ct);
        var serverId = await BinlogServer.ServerIdAsync(_connection, ct);
        if (_config.GetLong("server_id") is { } configured && configured == serverId)
        {
            throw new ConfigurationException($"config key 'server_id' is {configured}, the server's own server_id: a replica needs an id of its own");
        }
        _stop = await BinlogServer.CurrentPositionAsync(_connection, ct);
        var files = await BinlogServer.FilesAsync(_connection, ct);
        var resync = _config.GetBool("log_based_resync_when_purged", false);
        foreach (var plan in plans)
        {
            var id = plan.TapStreamId;
            if (LogBasedBookmark.Read(state, id) is not { } bookmark || files.Contains(bookmark.File, StringComparer.Ordinal))
            {
                continue;
            }
            var gone = $"stream '{id}': its bookmark is in binlog file '{bookmark.File}', which the server no longer has " +
                $"(SHOW BINARY LOGS starts at '{files.FirstOrDefault() ?? "none"}'), so the changes since are lost";
            if (!resync)
            {
                throw new SingerException(gone + ": a full resync is needed (remove the stream's bookmark from the state, " +
                    "or set log_based_resync_when_purged: true)");
            }
            Log.Warning(gone + "; log_based_resync_when_purged is true, so the table is copied again with a new version");
            state.ResetStream(id);
            _resync.Add(id);
        }
        Log.Info($"binlog ends at {_stop}; this run reads LOG_BASED changes up to there");
    }

    public static bool NeedsCopy(StreamPlan plan, SingerState state) => LogBasedBookmark.NeedsCopy(state, plan.TapStreamId);

    /// <summary>
    /// The stream's initial copy (or its resync): the binlog coordinates are noted before the copy starts, so
    /// changes made during the copy are read from the binlog next time (a row copied after its change is sent
    /// twice, never lost). With a key the copy is resumable and the coordinates are in its STATEs, so a resumed
    /// copy keeps them; without one a killed copy starts over, so they are bookmarked only when it is done.
    /// </summary>
    public async Task CopyAsync(StreamPlan plan, SingerState state, CancellationToken ct)
    {
        var id = plan.TapStreamId;
        BinlogPosition? noted = null;
        if (LogBasedBookmark.Read(state, id) is null || !LogBasedBookmark.IsCopyUnfinished(state, id))
        {
            state.ClearBookmark(id, "last_pk_fetched");
            state.ClearBookmark(id, "max_pk_values");
            state.ClearBookmark(id, LogBasedBookmark.LogFile);
            state.ClearBookmark(id, LogBasedBookmark.LogPos);
            noted = await BinlogServer.CurrentPositionAsync(_connection, ct);
            Log.Info($"stream '{id}': initial copy; the binlog is at {noted}, where later runs read its changes from");
            if (plan.Keys.Count > 0)
            {
                LogBasedBookmark.Write(state, id, noted.Value);
            }
        }
        else
        {
            Log.Info($"stream '{id}': resuming the initial copy; its changes are read from the binlog at {LogBasedBookmark.Read(state, id)} next");
        }
        var layout = plan.Table.Columns.Select(c => c.Name).ToList();
        await _fullTable.RunAsync(plan, state, ct, new LogBasedCopy(ActivateAtStart: !_resync.Contains(id), OnCopied: () =>
        {
            if (noted is { } position)
            {
                LogBasedBookmark.Write(state, id, position);
            }
            LogBasedBookmark.WriteLayout(state, id, layout);
        }));
        _copied.Add(id);
    }

    /// <summary>
    /// Reads the binlog once, from the earliest bookmark to the end noted at the start, for every LOG_BASED stream;
    /// the caller writes the final STATE, which holds the end reached.
    /// </summary>
    public async Task ReadChangesAsync(IReadOnlyList<StreamPlan> plans, SingerState state, CancellationToken ct)
    {
        var tables = new List<LoggedTable>();
        try
        {
            foreach (var plan in plans.Where(p => !_copied.Contains(p.TapStreamId)))
            {
                var bookmark = LogBasedBookmark.Read(state, plan.TapStreamId)!.Value;
                if (bookmark >= _stop)
                {
                    continue;
                }
                var recorded = LogBasedBookmark.ReadLayout(state, plan.TapStreamId);
                var layout = recorded ?? plan.Table.Columns.Select(c => c.Name).ToList();
                tables.Add(new LoggedTable(plan, layout, recorded is not null, bookmark, LogBasedBookmark.Version(state, plan.TapStreamId)));
                await _output.WriteAsync(plan.SchemaMessage(), ct);
            }
            if (tables.Count == 0)
            {
                return;
            }
            var start = tables.Min(t => t.Bookmark);
            await ReadAsync(tables, state, start, ct);
        }
        finally
        {
            tables.ForEach(t => t.Dispose());
        }
    }

    private async Task ReadAsync(List<LoggedTable> tables, SingerState state, BinlogPosition start, CancellationToken ct)
    {
        var serverId = _serverId;
        Log.Info($"reading the binlog from {start} to {_stop} as replica server_id {serverId} for {tables.Count} stream(s)");
        using var timer = Metrics.JobTimer("sync_binlog");
        var reader = new ChangeReader(_connection, _output, state, _checkpointEvery, tables);
        try
        {
            await using var client = await BinlogClient.ConnectAsync(_config, serverId, ct);
            await foreach (var binlogEvent in client.ReadAsync(start, _stop, ct))
            {
                await reader.ApplyAsync(binlogEvent, ct);
            }
        }
        catch (BinlogPurgedException ex)
        {
            timer.Fail();
            throw new SingerException($"reading the binlog from {start}: {ex.Message} (remove the bookmarks of the streams at that position, " +
                "or set log_based_resync_when_purged: true and run again)", ex);
        }
        catch (SingerException)
        {
            timer.Fail();
            try
            {
                await reader.SaveProgressAsync(ct);
            }
            catch (SingerException)
            {
                // The output itself failed (closed by its reader): the first error is the one to report.
            }
            throw;
        }
        catch
        {
            timer.Fail();
            throw;
        }
        // Read to the end noted at the start: even when no selected table changed, every bookmark moves there,
        // so a quiet stream does not read the same stretch of binlog again and again.
        reader.Finish(reader.InTransaction ? reader.LastBoundary ?? start : _stop);
    }
}
