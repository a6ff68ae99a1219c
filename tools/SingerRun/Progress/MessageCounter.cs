using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace SingerRun.Progress;

/// <summary>
/// Counts the RECORD messages and their bytes per stream in the bytes passing from the tap to the target, without
/// parsing the records: a line is identified from its start, <c>{"type":"RECORD","stream":"…"</c> as our taps write it
/// or <c>{"type": "RECORD", "stream": "…"</c> as singer-python and the Meltano SDK do; any other line is read as JSON
/// only up to its <c>stream</c>. Written by the pumping thread, read by the reporter at any time.
/// </summary>
internal sealed class MessageCounter
{
    /// <summary>How much of a line is kept to identify it when it spans two reads.</summary>
    private const int PrefixLength = 1024;

    private static readonly byte[] Compact = "{\"type\":\"RECORD\",\"stream\":\""u8.ToArray();
    private static readonly byte[] Spaced = "{\"type\": \"RECORD\", \"stream\": \""u8.ToArray();
    private static readonly byte[] RecordType = "\"RECORD\""u8.ToArray();

    private readonly ConcurrentDictionary<string, StreamCount> _streams = new(StringComparer.Ordinal);
    private readonly byte[] _prefix = new byte[PrefixLength];
    private int _prefixLength;
    private long _lineLength;
    private byte[] _lastName = [];
    private StreamCount? _lastCount;
    private long _lines;
    private long _bytes;

    public long Lines => Interlocked.Read(ref _lines);

    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The streams seen so far, in the order they first sent a record.</summary>
    public IReadOnlyList<StreamCount> Streams => [.. _streams.Values.OrderBy(s => s.Order)];

    /// <summary>Takes the next bytes of the stream, in order.</summary>
    public void Add(ReadOnlySpan<byte> chunk)
    {
        Interlocked.Add(ref _bytes, chunk.Length);
        while (chunk.Length > 0)
        {
            var end = chunk.IndexOf((byte)'\n');
            var part = end < 0 ? chunk : chunk[..end];
            if (_prefixLength < PrefixLength)
            {
                var kept = Math.Min(part.Length, PrefixLength - _prefixLength);
                part[..kept].CopyTo(_prefix.AsSpan(_prefixLength));
                _prefixLength += kept;
            }
            _lineLength += part.Length;
            if (end < 0)
            {
                return;
            }
            CountLine(_prefix.AsSpan(0, _prefixLength), _lineLength + 1);
            Interlocked.Increment(ref _lines);
            _prefixLength = 0;
            _lineLength = 0;
            chunk = chunk[(end + 1)..];
        }
    }

    private void CountLine(ReadOnlySpan<byte> start, long length)
    {
        var name = start.StartsWith(Compact) ? start[Compact.Length..]
            : start.StartsWith(Spaced) ? start[Spaced.Length..]
            : default;
        StreamCount? count = null;
        if (name.Length > 0 && name.IndexOfAny((byte)'"', (byte)'\\') is var close and >= 0 && name[close] == '"')
        {
            count = Find(name[..close]);
        }
        else if (start.IndexOf(RecordType) >= 0 && OtherRecordStream(start) is { } stream)
        {
            count = Find(Encoding.UTF8.GetBytes(stream));
        }
        if (count is not null)
        {
            Interlocked.Increment(ref count.Records);
            Interlocked.Add(ref count.Bytes, length);
        }
    }

    /// <summary>The stream of a RECORD written in another shape (keys in another order, escapes in the name); null if it is not one.</summary>
    private static string? OtherRecordStream(ReadOnlySpan<byte> start)
    {
        var reader = new Utf8JsonReader(start, isFinalBlock: false, default);
        string? type = null, stream = null;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName && (type is null || stream is null))
            {
                var key = reader.GetString();
                if (!reader.Read())
                {
                    return null;
                }
                if (key == "type" && reader.TokenType == JsonTokenType.String)
                {
                    type = reader.GetString();
                }
                else if (key == "stream" && reader.TokenType == JsonTokenType.String)
                {
                    stream = reader.GetString();
                }
                else if (!reader.TrySkip())
                {
                    return null;
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        return type == "RECORD" ? stream : null;
    }

    private StreamCount Find(ReadOnlySpan<byte> name)
    {
        if (_lastCount is not null && name.SequenceEqual(_lastName))
        {
            return _lastCount;
        }
        var text = Encoding.UTF8.GetString(name);
        var count = _streams.GetOrAdd(text, key => new StreamCount(key, _streams.Count));
        _lastName = name.ToArray();
        _lastCount = count;
        return count;
    }
}

/// <summary>One stream's records and bytes so far (updated with Interlocked by the counter).</summary>
internal sealed class StreamCount(string name, int order)
{
    public string Name { get; } = name;

    public int Order { get; } = order;

    public long Records;

    public long Bytes;
}
