using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using Singer.Sdk.Serialization;

namespace Singer.Sdk;

/// <summary>One parsed line of a Singer stream, with the line number for error messages.</summary>
public readonly record struct SingerLine(long LineNumber, SingerMessage Message, int ByteCount);

/// <summary>
/// Reads a Singer stream line by line without holding more than one buffer of it: CRLF and blank lines
/// are tolerated, every message keeps its line number, numbers stay exact (see <see cref="BigDecimal"/>).
/// </summary>
public sealed class SingerReader
{
    private const int BufferSize = 1 << 16;
    private readonly PipeReader _pipe;
    private readonly Action<ProtocolException>? _onBadLine;
    private readonly SingerMessageParser _parser;
    private int _lastBatchSize = 64;

    /// <param name="input">The stream to read; it is left open.</param>
    /// <param name="onBadLine">When given, a line that is not a valid message is reported here and skipped
    /// instead of ending the read (singer-check --all).</param>
    /// <param name="createTranscoder">When given, called with each SCHEMA as it is read; a stream whose call returns a
    /// transcoder has its records encoded by it (see <see cref="RecordTranscoder"/>).</param>
    public SingerReader(Stream input, Action<ProtocolException>? onBadLine = null, Func<SchemaMessage, RecordTranscoder?>? createTranscoder = null)
    {
        _onBadLine = onBadLine;
        _parser = new SingerMessageParser(createTranscoder);
        _pipe = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: BufferSize, minimumReadSize: BufferSize / 4, leaveOpen: true));
    }

    /// <summary>Physical lines read so far, blank and bad ones included.</summary>
    public long LinesRead { get; private set; }

    public async IAsyncEnumerable<SingerLine> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var batch in ReadBatchesAsync(cancellationToken))
        {
            foreach (var line in batch)
            {
                yield return line;
            }
        }
    }

    /// <summary>
    /// The lines in order, grouped as they arrive: each group holds the complete lines of one read of the input, so a
    /// consumer on another thread is handed hundreds of lines at a time instead of one, and a slow tap's line is handed
    /// over as soon as it is read. A bad line ends the read after the group of the lines before it.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<SingerLine>> ReadBatchesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long lineNumber = 0;
        try
        {
            while (true)
            {
                var result = await _pipe.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                var batch = new List<SingerLine>(_lastBatchSize);
                ExceptionDispatchInfo? failure = null;
                ProtocolException? badLine = null;
                try
                {
                    while (TryTakeLine(ref buffer, out var line))
                    {
                        LinesRead = ++lineNumber;
                        if (TryParse(line, lineNumber, out var parsed, out badLine))
                        {
                            batch.Add(parsed);
                        }
                        else if (badLine is not null)
                        {
                            break; // reported after the lines before it are handed over, then the read goes on after it
                        }
                    }
                    // A last line without a trailing newline is still a line.
                    if (badLine is null && result.IsCompleted && !buffer.IsEmpty)
                    {
                        LinesRead = ++lineNumber;
                        if (TryParse(buffer, lineNumber, out var last, out badLine))
                        {
                            batch.Add(last);
                        }
                        buffer = buffer.Slice(buffer.End);
                    }
                }
                catch (ProtocolException ex)
                {
                    failure = ExceptionDispatchInfo.Capture(ex);
                }
                if (batch.Count > 0)
                {
                    _lastBatchSize = batch.Count;
                    yield return batch;
                }
                failure?.Throw();
                if (badLine is not null)
                {
                    _onBadLine!(badLine);
                    if (!buffer.IsEmpty)
                    {
                        _pipe.AdvanceTo(buffer.Start); // the rest of this read is still to be parsed
                        continue;
                    }
                }
                if (result.IsCompleted)
                {
                    break;
                }
                _pipe.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await _pipe.CompleteAsync();
        }
    }

    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }
        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    /// <summary>False for a blank line, or for a bad one when bad lines are reported (<paramref name="badLine"/> set).</summary>
    private bool TryParse(ReadOnlySequence<byte> line, long lineNumber, out SingerLine parsed, out ProtocolException? badLine)
    {
        parsed = default;
        badLine = null;
        var byteCount = (int)Math.Min(line.Length + 1, int.MaxValue);
        line = TrimWhitespace(line);
        if (line.IsEmpty)
        {
            return false;
        }
        if (lineNumber == 1 && line.FirstSpan.StartsWith("\uFEFF"u8))
        {
            line = line.Slice(3);
        }
        try
        {
            parsed = new SingerLine(lineNumber, _parser.Parse(line, lineNumber), byteCount);
            return true;
        }
        catch (ProtocolException ex) when (_onBadLine is not null)
        {
            badLine = ex;
            return false;
        }
    }

    private static ReadOnlySequence<byte> TrimWhitespace(ReadOnlySequence<byte> line)
    {
        if (!line.IsSingleSegment)
        {
            // Rare: the line straddles two pipe segments. Copying it keeps the trimming simple.
            line = new ReadOnlySequence<byte>(line.ToArray());
        }
        var span = line.FirstSpan;
        var start = span.Length - span.TrimStart(Whitespace).Length;
        var end = span.TrimEnd(Whitespace).Length;
        return end <= start ? ReadOnlySequence<byte>.Empty : line.Slice(start, end - start);
    }

    private static ReadOnlySpan<byte> Whitespace => " \t\r"u8;
}
