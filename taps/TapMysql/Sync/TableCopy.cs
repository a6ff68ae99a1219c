using System.Threading.Channels;
using MySqlConnector;
using Singer.Sdk;

namespace TapMysql.Sync;

/// <summary>
/// The copy loop shared by FULL_TABLE and INCREMENTAL, on two threads: one reads rows off the server
/// (the driver streams them, so memory does not grow with the table) into reusable batches, the other
/// turns batches into RECORD lines and STATE checkpoints. At most a few batches are in flight.
/// </summary>
internal sealed class TableCopy
{
    private const int BatchRows = 1024;
    private const int BatchesInFlight = 3;
    private readonly StreamPlan _plan;
    private readonly SingerWriter _output;
    private readonly int _checkpointEvery;

    public TableCopy(StreamPlan plan, SingerWriter output, int checkpointEvery)
    {
        _plan = plan;
        _output = output;
        _checkpointEvery = Math.Max(1, checkpointEvery);
    }

    /// <param name="bookmark">Reads the bookmark of the reader's current row.</param>
    /// <param name="everyRow">Read the bookmark of every row (to return the last one), not only at checkpoints.</param>
    /// <param name="checkpoint">Called every N rows, after those rows' RECORDs are written, with the bookmark of the last.</param>
    /// <returns>The rows copied and the bookmark of the last row (when <paramref name="everyRow"/>).</returns>
    public async Task<(long Rows, object? LastBookmark)> RunAsync(MySqlCommand command, long? version,
        Func<MySqlDataReader, object?> bookmark, bool everyRow, Func<object?, Task> checkpoint, CancellationToken ct)
    {
        Log.Info($"stream '{_plan.TapStreamId}': running {command.CommandText}");
        var full = Channel.CreateBounded<RowBatch>(new BoundedChannelOptions(BatchesInFlight) { SingleReader = true, SingleWriter = true });
        var empty = Channel.CreateUnbounded<RowBatch>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var rows = Math.Min(BatchRows, _checkpointEvery);
        for (var i = 0; i < BatchesInFlight + 2; i++)
        {
            empty.Writer.TryWrite(new RowBatch(_plan.Columns.Count, rows));
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(() => ReadAsync(command, bookmark, everyRow, full.Writer, empty.Reader, stop.Token), stop.Token);
        try
        {
            await WriteAsync(version, checkpoint, full.Reader, empty.Writer, ct);
        }
        catch
        {
            // Stop the reader and let it let go of the connection before the caller closes it.
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The reader's own error, or its cancellation: the writer's error is the one to report.
            }
            throw;
        }
        return await reading;
    }

    private async Task<(long, object?)> ReadAsync(MySqlCommand command, Func<MySqlDataReader, object?> bookmark, bool everyRow,
        ChannelWriter<RowBatch> full, ChannelReader<RowBatch> empty, CancellationToken ct)
    {
        long count = 0;
        object? last = null;
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            // One registration for the whole copy instead of one per row: cancelling kills the query.
            await using var cancel = ct.Register(command.Cancel);
            var extractor = new RowExtractor(_plan.Columns);
            var batch = await empty.ReadAsync(ct);
            while (await reader.ReadAsync(CancellationToken.None))
            {
                extractor.Append(reader, batch);
                count++;
                var atCheckpoint = count % _checkpointEvery == 0;
                if (everyRow || atCheckpoint)
                {
                    last = bookmark(reader);
                }
                if (atCheckpoint)
                {
                    batch.IsCheckpoint = true;
                    batch.Checkpoint = last;
                }
                if (atCheckpoint || batch.IsFull)
                {
                    await full.WriteAsync(batch, ct);
                    batch = await empty.ReadAsync(ct);
                }
            }
            if (batch.Count > 0)
            {
                await full.WriteAsync(batch, ct);
            }
            full.Complete();
        }
        catch (Exception ex)
        {
            full.Complete(ex);
            throw;
        }
        return (count, last);
    }

    private async Task WriteAsync(long? version, Func<object?, Task> checkpoint, ChannelReader<RowBatch> full, ChannelWriter<RowBatch> empty, CancellationToken ct)
    {
        var tags = new Dictionary<string, string> { ["database"] = _plan.Table.Database, ["table"] = _plan.Table.Name };
        using var counter = Metrics.RecordCounter(tags);
        var encoder = new RecordEncoder(_plan.Stream, _plan.Columns, _plan.Keys);
        var stream = SingerWriter.Encode(_plan.Stream);
        var extracted = SingerWriter.Encode(SingerJson.FormatDateTime(DateTimeOffset.UtcNow));
        await foreach (var batch in full.ReadAllAsync(ct))
        {
            for (var row = 0; row < batch.Count; row++)
            {
                encoder.Write(_output.BeginRecord(stream), batch, row);
                await _output.EndRecordAsync(version, extracted, ct);
            }
            counter.Increment(batch.Count);
            if (batch.IsCheckpoint)
            {
                await checkpoint(batch.Checkpoint);
            }
            batch.Clear();
            empty.TryWrite(batch);
        }
    }
}
