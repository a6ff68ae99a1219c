using MySqlConnector;
using Singer.Sdk;
using TapMysql.Sync;

namespace TapMysql.FullTable;

/// <summary>
/// FULL_TABLE: copies the whole table in primary-key order. With a key, the copy is resumable like the
/// Python tap's: <c>max_pk_values</c> fixes the end before the copy starts, <c>last_pk_fetched</c> is
/// saved at every checkpoint, and a rerun from that state continues after the last emitted row.
/// Unlike the Python tap, the table <c>version</c> is kept in the bookmark until the copy completes,
/// so the rows a killed run sent are not dropped by the resumed run's ACTIVATE_VERSION; a state without a
/// version (the Python tap's) resumes without the final ACTIVATE_VERSION, for the same reason.
/// With <paramref name="partition"/>, only this share's range of the key is copied (<see cref="TablePartition"/>).
/// </summary>
internal sealed class FullTableSync(MySqlConnection connection, SingerWriter output, int checkpointEvery, TablePartition? partition = null)
{
    /// <param name="logBased">Set when the copy is a LOG_BASED stream's initial copy or resync: see <see cref="LogBasedCopy"/>.</param>
    public async Task RunAsync(StreamPlan plan, SingerState state, CancellationToken ct, LogBasedCopy? logBased = null)
    {
        var id = plan.TapStreamId;
        if (logBased is null)
        {
            KeepOnly(state, id, "last_pk_fetched", "max_pk_values", "version", "initial_full_table_complete", TablePartition.BookmarkKey);
        }
        else
        {
            KeepOnly(state, id, "last_pk_fetched", "max_pk_values", "version", "log_file", "log_pos", "table_columns");
        }
        var share = partition is not null && logBased is null ? await partition.RangeAsync(connection, plan, state, ct) : null;
        var resumable = plan.Keys.Count > 0;
        // max_pk_values is written before the first row is sent: its presence marks an unfinished copy.
        var resuming = resumable && state.GetBookmark(id, "max_pk_values") is Dictionary<string, object?>;
        var lastFetched = Placeable(plan, state, "last_pk_fetched");
        var maxValues = Placeable(plan, state, "max_pk_values");
        var keptVersion = resuming ? state.GetBookmark(id, "version") as long? : null;
        // A resumed copy whose state has no version (the Python tap's, or an older state): the rows already
        // sent carry a version this run cannot know, so activating a new one would delete them at the target.
        var versionUnknown = resuming && keptVersion is null;
        var version = keptVersion ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (!versionUnknown)
        {
            // Left out otherwise, so a copy interrupted again still resumes as one of unknown version.
            state.SetBookmark(id, "version", version);
        }

        var activateAtStart = share is null && (logBased?.ActivateAtStart ?? state.GetBookmark(id, "initial_full_table_complete") is not true);
        if (activateAtStart && !resuming)
        {
            // First copy ever: activate at once, so the target shows rows while the copy runs.
            await output.WriteAsync(new ActivateVersionMessage(plan.Stream, version), ct);
        }
        if (resumable && maxValues is null && share is not { Empty: true })
        {
            maxValues = await ReadMaxKeyAsync(plan, share, ct);
            state.SetBookmark(id, "max_pk_values", maxValues);
        }
        if (resuming)
        {
            Log.Info($"stream '{id}': resuming the full-table copy after {SingerJson.Serialize(lastFetched)} up to {SingerJson.Serialize(maxValues)}");
        }

        if (!resumable || maxValues is not null)
        {
            await CopyAsync(plan, state, version, lastFetched, maxValues, share, ct);
        }

        state.ClearBookmark(id, "last_pk_fetched");
        state.ClearBookmark(id, "max_pk_values");
        if (share is not null)
        {
            // The other shares' rows have other versions: activating this one would delete them at the target.
            state.ClearBookmark(id, TablePartition.BookmarkKey);
        }
        else if (versionUnknown)
        {
            Log.Warning($"stream '{id}': the resumed full-table copy's state has no \"version\", so the rows the interrupted run sent " +
                "have an unknown version; ACTIVATE_VERSION is not sent, so no row is deleted at the target " +
                "(rows deleted at the source since stay there until the next complete copy)");
        }
        else
        {
            await output.WriteAsync(new ActivateVersionMessage(plan.Stream, version), ct);
        }
        if (logBased is null)
        {
            state.ClearBookmark(id, "version");
            state.SetBookmark(id, "initial_full_table_complete", true);
        }
        else
        {
            // The binlog's records carry on with the copy's version, as the Python tap's do.
            logBased.OnCopied();
        }
        await output.WriteAsync(new StateMessage(state.Snapshot().Value), ct);
    }

    private async Task CopyAsync(StreamPlan plan, SingerState state, long version,
        Dictionary<string, object?>? lastFetched, Dictionary<string, object?>? maxValues, KeyShare? share, CancellationToken ct)
    {
        var id = plan.TapStreamId;
        await using var command = new MySqlCommand { Connection = connection };
        var conditions = share?.Conditions(command, id).ToList() ?? [];
        if (lastFetched is not null)
        {
            conditions.Add(KeyRange.Condition(plan.Keys, KeyValues(plan, lastFetched), after: true, "last", command));
        }
        if (maxValues is not null)
        {
            conditions.Add(KeyRange.Condition(plan.Keys, KeyValues(plan, maxValues), after: false, "max", command));
        }
        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        var order = plan.Keys.Count == 0 ? "" : " ORDER BY " + string.Join(", ", plan.Keys.Select(k => Sql.Quote(k.Name) + " ASC"));
        command.CommandText = $"SELECT {plan.SelectList} FROM {plan.QualifiedTable}{where}{order}";

        var keyOrdinals = plan.Keys.Select(k => plan.Columns.ToList().IndexOf(k)).ToArray();
        var copy = new TableCopy(plan, output, checkpointEvery);
        await copy.RunAsync(command, version,
            bookmark: reader => keyOrdinals.Length > 0 ? Bookmarks.ReadKey(reader, plan.Keys, keyOrdinals) : null,
            everyRow: false,
            checkpoint: async lastKey =>
            {
                if (lastKey is not null)
                {
                    state.SetBookmark(id, "last_pk_fetched", lastKey);
                }
                await output.WriteAsync(new StateMessage(state.Snapshot().Value), ct);
            },
            ct);
    }

    private async Task<Dictionary<string, object?>?> ReadMaxKeyAsync(StreamPlan plan, KeyShare? share, CancellationToken ct)
    {
        var keys = string.Join(", ", plan.Keys.Select(k => k.SelectExpression));
        var order = string.Join(", ", plan.Keys.Select(k => Sql.Quote(k.Name) + " DESC"));
        await using var command = new MySqlCommand { Connection = connection };
        var conditions = share?.Conditions(command, plan.TapStreamId).ToList() ?? [];
        var where = conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions);
        command.CommandText = $"SELECT {keys} FROM {plan.QualifiedTable}{where} ORDER BY {order} LIMIT 1";
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }
        return Bookmarks.ReadKey(reader, plan.Keys, Enumerable.Range(0, plan.Keys.Count).ToArray());
    }

    /// <summary>
    /// A key bookmark, or null when there is none or it cannot place the copy: a null key value (what the
    /// Python tap and earlier versions wrote for a zero date) is dropped with a warning, so the copy starts
    /// again from its first row (or reads the end again) with the same version, and no row is skipped.
    /// </summary>
    private static Dictionary<string, object?>? Placeable(StreamPlan plan, SingerState state, string key)
    {
        if (state.GetBookmark(plan.TapStreamId, key) is not Dictionary<string, object?> values)
        {
            return null;
        }
        if (plan.Keys.All(k => values.GetValueOrDefault(k.Name) is not null))
        {
            return values;
        }
        Log.Warning($"stream '{plan.TapStreamId}': bookmark {key} {SingerJson.Serialize(values)} has a null key value, which cannot be compared; " +
            (key == "last_pk_fetched" ? "the copy starts again from the first row (rows already sent are sent again)" : "the end of the copy is read again"));
        state.ClearBookmark(plan.TapStreamId, key);
        return null;
    }

    private static List<object> KeyValues(StreamPlan plan, Dictionary<string, object?> bookmark) =>
        plan.Keys.Select(k => BookmarkParameter.ToParameter(k, bookmark.GetValueOrDefault(k.Name), plan.TapStreamId)).ToList();

    /// <summary>Drops bookmark keys of other replication methods, as the Python tap does when a method changes.</summary>
    internal static void KeepOnly(SingerState state, string id, params string[] keys)
    {
        if (state.StreamBookmarks(id) is { } bookmarks)
        {
            foreach (var key in bookmarks.Keys.Where(k => !keys.Contains(k)).ToList())
            {
                bookmarks.Remove(key);
            }
        }
    }
}
