using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Singer.Sdk.Serialization;

/// <summary>
/// Parses a stream on a thread of its own, a bounded number of lines ahead of the consumer, so JSON parsing
/// overlaps with loading. Lines cross between the threads in groups (see <see cref="SingerReader.ReadBatchesAsync"/>):
/// one hand-over per line costs more than parsing it. A bad line's error reaches the consumer after every line before it.
/// </summary>
internal static class ReadAhead
{
    private const int BatchesAhead = 64;

    public static async IAsyncEnumerable<SingerLine> ReadAsync(SingerReader reader, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var batch in ReadBatchesAsync(reader, BatchesAhead, ct))
        {
            foreach (var line in batch)
            {
                yield return line;
            }
        }
    }

    /// <summary>The same, in the groups the reader read them in (a filter flushes its output after each group).</summary>
    public static async IAsyncEnumerable<IReadOnlyList<SingerLine>> ReadBatchesAsync(SingerReader reader, int batchesAhead, [EnumeratorCancellation] CancellationToken ct)
    {
        var lines = Channel.CreateBounded<IReadOnlyList<SingerLine>>(new BoundedChannelOptions(batchesAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // A thread of its own: it blocks in reads of the input (see BlockingReadStream) and never waits on the pool.
        var producer = Task.Factory.StartNew(() => Produce(reader, lines.Writer, stop.Token), stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            while (await lines.Reader.WaitToReadAsync(ct))
            {
                while (lines.Reader.TryRead(out var batch))
                {
                    yield return batch;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await producer.WaitAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                // The consumer stopped early; the producer's cancellation is expected.
            }
            catch (TimeoutException)
            {
                // Blocked reading an input that is still open (a tap that has gone quiet): a blocking read cannot be
                // cancelled, and the thread is a background one, so it is left to end with the process.
            }
        }
    }

    private static void Produce(SingerReader reader, ChannelWriter<IReadOnlyList<SingerLine>> lines, CancellationToken ct)
    {
        try
        {
            var batches = reader.ReadBatchesAsync(ct).GetAsyncEnumerator(ct);
            try
            {
                while (Wait(batches.MoveNextAsync()))
                {
                    while (!lines.TryWrite(batches.Current))
                    {
                        if (!Wait(lines.WaitToWriteAsync(ct)))
                        {
                            return; // the consumer is gone
                        }
                    }
                }
            }
            finally
            {
                Wait(batches.DisposeAsync());
            }
            lines.Complete();
        }
        catch (Exception ex)
        {
            lines.Complete(ex);
        }
    }

    /// <summary>Waits on this thread; with blocking reads the reader's steps complete synchronously, so this rarely waits at all.</summary>
    private static T Wait<T>(ValueTask<T> pending) => pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();

    private static void Wait(ValueTask pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }
}
