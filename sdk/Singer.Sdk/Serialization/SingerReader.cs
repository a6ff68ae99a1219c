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
    private readonly long _maxLineBytes;
    private int _lastBatchSize = 64;

    /// <summary>1 GiB: far above any sane record, below what a 64-bit process parsing it (text, then values) can hold.</summary>
    public const long DefaultMaxLineBytes = 1L << 30;

    /// <summary>The config key (and singer-check flag, as <c>--max-line-bytes</c>) that sets the longest line accepted.</summary>
    public const string MaxLineBytesKey = "max_line_bytes";

    /// <param name="input">The stream to read; it is left open.</param>
    /// <param name="onBadLine">When given, a line that is not a valid message is reported here and skipped
    /// instead of ending the read (singer-check --all).</param>
    /// <param name="createTranscoder">When given, called with each SCHEMA as it is read; a stream whose call returns a
    /// transcoder has its records encoded by it (see <see cref="RecordTranscoder"/>).</param>
    /// <param name="maxLineBytes">The longest line accepted (config <c>max_line_bytes</c>); a longer one ends the read
    /// with <c>line N: ...</c>. A line is held whole in memory to be parsed, so this bounds what one line can take.</param>
    public SingerReader(Stream input, Action<ProtocolException>? onBadLine = null, Func<SchemaMessage, RecordTranscoder?>? createTranscoder = null,
        long maxLineBytes = DefaultMaxLineBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _maxLineBytes = maxLineBytes;
        _onBadLine = onBadLine;
        _parser = new SingerMessageParser(createTranscoder);
        _pipe = PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: BufferSize, minimumReadSize: BufferSize / 4, leaveOpen: true));
    }

    /// <summary>Physical lines read so far, blank and bad ones included.</summary>
    public long LinesRead { get; private set; }

    /// <summary>
    /// A reader of <paramref name="input"/> meant for <see cref="ReadBatchesAheadAsync"/>: its reads block a thread of
    /// their own instead of waiting on the pool.
    /// </summary>
    public static SingerReader ForReadAhead(Stream input, long maxLineBytes = DefaultMaxLineBytes, Func<SchemaMessage, RecordTranscoder?>? createTranscoder = null) =>
        new(new BlockingReadStream(input), createTranscoder: createTranscoder, maxLineBytes: maxLineBytes);

    /// <summary>
    /// <see cref="ReadBatchesAsync"/> parsed on a thread of its own, a bounded number of groups ahead of the caller, so
    /// parsing overlaps with what the caller does with the lines (a pipe filter: mapping and writing). At most
    /// <paramref name="batchesAhead"/> groups wait parsed (each one read of the input, up to 64 KiB of lines).
    /// </summary>
    public IAsyncEnumerable<IReadOnlyList<SingerLine>> ReadBatchesAheadAsync(int batchesAhead, CancellationToken cancellationToken = default) =>
        ReadAhead.ReadBatchesAsync(this, batchesAhead, cancellationToken);

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
        // Where the search for the next newline goes on: the bytes of a long line before it were searched by earlier
        // reads. Searching from the line's start on every read made a line of n bytes cost n²/64 KiB (a 200 MB line 20 s).
        // The pipe keeps the segments of an unconsumed line when more is read, so the position stays valid.
        SequencePosition? searched = null;
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
                    while (true)
                    {
                        if (searched is null)
                        {
                            // The lines wholly in the buffer's first segment are taken from its span: slicing the
                            // sequence for each line cost more than finding its end.
                            var first = buffer.First;
                            var taken = 0;
                            int newline;
                            while ((newline = first.Span[taken..].IndexOf((byte)'\n')) >= 0)
                            {
                                var whole = new ReadOnlySequence<byte>(first.Slice(taken, newline));
                                taken += newline + 1;
                                if (!TakeLine(whole, ref lineNumber, batch, out badLine))
                                {
                                    break;
                                }
                            }
                            buffer = buffer.Slice(taken);
                            if (badLine is not null)
                            {
                                break;
                            }
                        }
                        if (!TryTakeLine(ref buffer, ref searched, out var line))
                        {
                            break;
                        }
                        if (!TakeLine(line, ref lineNumber, batch, out badLine))
                        {
                            break; // reported after the lines before it are handed over, then the read goes on after it
                        }
                    }
                    // A line still without its newline must not grow past the limit while more of it is read.
                    if (badLine is null)
                    {
                        CheckLength(buffer.Length, lineNumber + 1);
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
                        searched = null;
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

    /// <summary>Numbers and parses one whole line into the batch; false for a bad line, which ends the batch.</summary>
    private bool TakeLine(ReadOnlySequence<byte> line, ref long lineNumber, List<SingerLine> batch, out ProtocolException? badLine)
    {
        CheckLength(line.Length, lineNumber + 1);
        LinesRead = ++lineNumber;
        if (TryParse(line, lineNumber, out var parsed, out badLine))
        {
            batch.Add(parsed);
        }
        return badLine is null;
    }

    /// <param name="searched">Where the search starts (the end of what earlier reads searched), or null for the buffer's start;
    /// set to the buffer's end when no newline is found, and cleared when a line is taken.</param>
    private static bool TryTakeLine(ref ReadOnlySequence<byte> buffer, ref SequencePosition? searched, out ReadOnlySequence<byte> line)
    {
        var unsearched = searched is { } from ? buffer.Slice(from) : buffer;
        var newline = unsearched.PositionOf((byte)'\n');
        if (newline is null)
        {
            // An empty rest is consumed whole, and its segment may go back to the pool: nothing to remember then.
            searched = buffer.IsEmpty ? null : buffer.End;
            line = default;
            return false;
        }
        searched = null;
        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    private void CheckLength(long bytes, long lineNumber)
    {
        if (bytes > _maxLineBytes)
        {
            throw new ProtocolException(lineNumber,
                $"the line is longer than {MaxLineBytesKey} ({_maxLineBytes:D} bytes); raise {MaxLineBytesKey} to read it");
        }
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
            if (line.Length > CopiedLineBytes)
            {
                // Not copied: a copy would double what a long line takes. Spaces, tabs and CRs around the object are
                // JSON whitespace, which the parser skips.
                return IsBlank(line) ? ReadOnlySequence<byte>.Empty : line;
            }
            // The line straddles two pipe segments: one span keeps the trimming simple and lets transcoders take it.
            line = new ReadOnlySequence<byte>(line.ToArray());
        }
        var span = line.FirstSpan;
        var start = span.Length - span.TrimStart(Whitespace).Length;
        var end = span.TrimEnd(Whitespace).Length;
        return end <= start ? ReadOnlySequence<byte>.Empty : line.Slice(start, end - start);
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            if (!segment.Span.TrimStart(Whitespace).IsEmpty)
            {
                return false;
            }
        }
        return true;
    }

    private static ReadOnlySpan<byte> Whitespace => " \t\r"u8;

    /// <summary>Lines up to this long that straddle segments are copied into one array (a transcoder reads only single spans).</summary>
    private const long CopiedLineBytes = 64L << 20;
}
