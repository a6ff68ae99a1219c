using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
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
    private readonly SingerMessageParser _parser = new();

    /// <param name="input">The stream to read; it is left open.</param>
    /// <param name="onBadLine">When given, a line that is not a valid message is reported here and skipped
    /// instead of ending the read (singer-check --all).</param>
    public SingerReader(Stream input, Action<ProtocolException>? onBadLine = null)
    {
        _onBadLine = onBadLine;
        _pipe = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: BufferSize, minimumReadSize: BufferSize / 4, leaveOpen: true));
    }

    /// <summary>Physical lines read so far, blank and bad ones included.</summary>
    public long LinesRead { get; private set; }

    public async IAsyncEnumerable<SingerLine> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        long lineNumber = 0;
        try
        {
            while (true)
            {
                var result = await _pipe.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (TryTakeLine(ref buffer, out var line))
                {
                    LinesRead = ++lineNumber;
                    if (TryParse(line, lineNumber, out var parsed))
                    {
                        yield return parsed;
                    }
                }
                if (result.IsCompleted)
                {
                    // A last line without a trailing newline is still a line.
                    if (!buffer.IsEmpty && TryParse(buffer, LinesRead = ++lineNumber, out var last))
                    {
                        yield return last;
                    }
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

    private bool TryParse(ReadOnlySequence<byte> line, long lineNumber, out SingerLine parsed)
    {
        parsed = default;
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
            _onBadLine(ex);
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
