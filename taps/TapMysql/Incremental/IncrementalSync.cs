using MySqlConnector;
using Singer.Sdk;
using TapMysql.FullTable;
using TapMysql.Sync;

namespace TapMysql.Incremental;

/// <summary>
/// INCREMENTAL: rows whose replication key is at or after the bookmark, in key order
/// (<c>WHERE key &gt;= bookmark ORDER BY key</c>, as the Python tap; the boundary row is sent again).
/// The bookmark <c>replication_key_value</c> is the key of the last row emitted, encoded as in the record.
/// </summary>
internal sealed class IncrementalSync(MySqlConnection connection, SingerWriter output, int checkpointEvery)
{
    public async Task RunAsync(StreamPlan plan, SingerState state, CancellationToken ct)
    {
        var id = plan.TapStreamId;
        var key = plan.ReplicationKey!;
        FullTableSync.KeepOnly(state, id, "replication_key", "replication_key_value", "version");
        if (state.GetBookmark(id, "replication_key") as string != key.Name)
        {
            // A new replication key makes the old bookmark meaningless: start over.
            state.ClearBookmark(id, "replication_key_value");
        }
        state.SetBookmark(id, "replication_key", key.Name);
        var keptVersion = state.GetBookmark(id, "version") as long?;
        var version = keptVersion ?? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        if (keptVersion is null && state.GetBookmark(id, "replication_key_value") is not null)
        {
            // Rows loaded by earlier runs carry a version this state does not hold: activating a new one
            // would delete them at the target. Left out of the state too, so later runs stay this careful.
            Log.Warning($"stream '{id}': the state has a replication_key_value but no \"version\", so the rows earlier runs sent " +
                "have an unknown version; ACTIVATE_VERSION is not sent, so no row is deleted at the target");
        }
        else
        {
            state.SetBookmark(id, "version", version);
            await output.WriteAsync(new ActivateVersionMessage(plan.Stream, version), ct);
        }

        await using var command = new MySqlCommand { Connection = connection };
        var where = "";
        if (state.GetBookmark(id, "replication_key_value") is { } bookmark)
        {
            command.Parameters.AddWithValue("@bookmark", BookmarkParameter.ToParameter(key, bookmark, id));
            where = $" WHERE {Sql.Quote(key.Name)} >= {key.ParameterExpression("@bookmark")}";
        }
        command.CommandText = $"SELECT {plan.SelectList} FROM {plan.QualifiedTable}{where} ORDER BY {Sql.Quote(key.Name)} ASC";

        var ordinal = plan.Columns.ToList().IndexOf(key);
        var copy = new TableCopy(plan, output, checkpointEvery);
        var (rows, last) = await copy.RunAsync(command, version,
            bookmark: reader => Bookmarks.Read(reader, ordinal, key),
            everyRow: true,
            checkpoint: async value =>
            {
                state.SetBookmark(id, "replication_key_value", value);
                await output.WriteAsync(new StateMessage(state.Snapshot().Value), ct);
            },
            ct);
        if (rows > 0 && last is not null)
        {
            state.SetBookmark(id, "replication_key_value", last);
        }
        await output.WriteAsync(new StateMessage(state.Snapshot().Value), ct);
    }
}
