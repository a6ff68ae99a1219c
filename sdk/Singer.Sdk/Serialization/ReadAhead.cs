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
        var lines = Channel.CreateBounded<IReadOnlyList<SingerLine>>(new BoundedChannelOptions(BatchesAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ProduceAsync(reader, lines.Writer, stop.Token), stop.Token);
        try
        {
            while (await lines.Reader.WaitToReadAsync(ct))
            {
                while (lines.Reader.TryRead(out var batch))
                {
                    foreach (var line in batch)
                    {
                        yield return line;
                    }
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await producer;
            }
            catch (OperationCanceledException)
            {
                // The consumer stopped early; the producer's cancellation is expected.
            }
        }
    }

    private static async Task ProduceAsync(SingerReader reader, ChannelWriter<IReadOnlyList<SingerLine>> lines, CancellationToken ct)
    {
        try
        {
            await foreach (var batch in reader.ReadBatchesAsync(ct))
            {
                await lines.WriteAsync(batch, ct);
            }
            lines.Complete();
        }
        catch (Exception ex)
        {
            lines.Complete(ex);
        }
    }
}
