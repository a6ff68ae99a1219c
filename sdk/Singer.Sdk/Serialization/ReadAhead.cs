using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Singer.Sdk.Serialization;

/// <summary>
/// Parses a stream on a thread of its own, a bounded number of lines ahead of the consumer, so JSON parsing
/// overlaps with loading. A bad line's error reaches the consumer after every line before it.
/// </summary>
internal static class ReadAhead
{
    private const int LinesAhead = 8192;

    public static async IAsyncEnumerable<SingerLine> ReadAsync(SingerReader reader, [EnumeratorCancellation] CancellationToken ct)
    {
        var lines = Channel.CreateBounded<SingerLine>(new BoundedChannelOptions(LinesAhead) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = Task.Run(() => ProduceAsync(reader, lines.Writer, stop.Token), stop.Token);
        try
        {
            while (await lines.Reader.WaitToReadAsync(ct))
            {
                while (lines.Reader.TryRead(out var line))
                {
                    yield return line;
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

    private static async Task ProduceAsync(SingerReader reader, ChannelWriter<SingerLine> lines, CancellationToken ct)
    {
        try
        {
            await foreach (var line in reader.ReadAllAsync(ct))
            {
                await lines.WriteAsync(line, ct);
            }
            lines.Complete();
        }
        catch (Exception ex)
        {
            lines.Complete(ex);
        }
    }
}
