using MySqlConnector;
using Singer.Sdk;

namespace TapMysql.Sync;

/// <summary>
/// The copy loop shared by FULL_TABLE and INCREMENTAL: streams the query's rows (the driver reads rows
/// off the socket as they come, so memory does not grow with the table), writes each as a RECORD, and
/// checkpoints (bookmark + STATE) every N rows.
/// </summary>
internal sealed class TableCopy
{
    private readonly StreamPlan _plan;
    private readonly SingerWriter _output;
    private readonly int _checkpointEvery;

    public TableCopy(StreamPlan plan, SingerWriter output, int checkpointEvery)
    {
        _plan = plan;
        _output = output;
        _checkpointEvery = Math.Max(1, checkpointEvery);
    }

    /// <param name="remember">Called for every row while the reader is on it, or null (keep the bookmark of the last row).</param>
    /// <param name="checkpoint">Called every N rows with the reader still on the row whose RECORD was just written.</param>
    public async Task<long> RunAsync(MySqlCommand command, long? version, Action<MySqlDataReader>? remember, Func<MySqlDataReader, Task> checkpoint, CancellationToken ct)
    {
        var tags = new Dictionary<string, string> { ["database"] = _plan.Table.Database, ["table"] = _plan.Table.Name };
        using var counter = Metrics.RecordCounter(tags);
        var rows = new RowWriter(_plan.Stream, _plan.Columns);
        var stream = SingerWriter.Encode(_plan.Stream);
        var extracted = SingerWriter.Encode(SingerJson.FormatDateTime(DateTimeOffset.UtcNow));
        Log.Info($"stream '{_plan.TapStreamId}': running {command.CommandText}");
        await using var reader = await command.ExecuteReaderAsync(ct);
        long count = 0;
        while (await reader.ReadAsync(ct))
        {
            rows.Write(_output.BeginRecord(stream), reader);
            await _output.EndRecordAsync(version, extracted, ct);
            remember?.Invoke(reader);
            count++;
            if (count % _checkpointEvery == 0)
            {
                counter.Increment(_checkpointEvery);
                await checkpoint(reader);
            }
        }
        counter.Increment(count % _checkpointEvery);
        return count;
    }
}
