using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace Singer.Sdk.Serialization;

/// <summary>
/// Turns one line of a Singer stream into a message, in one pass over the UTF-8 bytes. Field order does
/// not matter (<c>type</c> may come last); unknown fields are ignored; unknown types are kept whole.
/// </summary>
internal sealed class SingerMessageParser
{
    private static readonly JsonReaderOptions LineOptions = new() { MaxDepth = 256 };

    /// <summary>Record keys, stream names and time_extracted values repeat on every line; decode each once.</summary>
    private readonly Utf8NameTable _names = new();

    /// <summary>Properties in the previous record: the next one most likely has as many.</summary>
    private int _lastRecordSize;

    private readonly Func<SchemaMessage, RecordTranscoder?>? _createTranscoder;
    private readonly Dictionary<string, RecordTranscoder> _transcoders = new(StringComparer.Ordinal);
    private EncodedChunks? _encoded;

    /// <summary>RECORD lines read by hand (<see cref="TryParsePlainRecord"/>) so far: for tests, which must know that path ran.</summary>
    internal long PlainRecords { get; private set; }

    /// <summary>RECORD lines whose bytes before the record were a kept head's (<see cref="_heads"/>): for tests.</summary>
    internal long KnownHeads { get; private set; }

    /// <summary>Whether RECORD lines are read by hand first (tests turn it off to compare).</summary>
    internal bool ReadsPlain { get; init; } = true;

    /// <param name="createTranscoder">Called with each SCHEMA, on the parsing thread: the stream's records then go
    /// through the transcoder it returns (when not null) instead of becoming dictionaries.</param>
    public SingerMessageParser(Func<SchemaMessage, RecordTranscoder?>? createTranscoder = null)
    {
        _createTranscoder = createTranscoder;
    }

    public SingerMessage Parse(ReadOnlySequence<byte> line, long lineNumber)
    {
        if (_transcoders.Count > 0 && ReadsPlain && line.IsSingleSegment && TryParsePlainRecord(line.FirstSpan, lineNumber) is { } plain)
        {
            PlainRecords++;
            return plain;
        }
        var reader = line.IsSingleSegment ? new Utf8JsonReader(line.FirstSpan, LineOptions) : new Utf8JsonReader(line, LineOptions);
        try
        {
            var start = reader;
            // A record transcoded for the type and stream of the fields before it, which a later field changed: the
            // line is read again without transcoding, as a parse without transcoders reads it.
            return ParseMessage(ref reader, lineNumber, transcode: true) ?? ParseMessage(ref start, lineNumber, transcode: false)!;
        }
        catch (NumberRangeException ex)
        {
            throw new ProtocolException(lineNumber, ex.Message);
        }
        catch (JsonException ex)
        {
            throw new ProtocolException(lineNumber, "invalid JSON: " + TrimPosition(ex.Message));
        }
        catch (InvalidOperationException ex)
        {
            throw new ProtocolException(lineNumber, "invalid JSON: " + ex.Message);
        }
    }

    /// <summary>The line's message; null when a record was transcoded and a later field changed the type or stream.</summary>
    private SingerMessage? ParseMessage(ref Utf8JsonReader reader, long lineNumber, bool transcode)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ProtocolException(lineNumber, $"expected a JSON object, found {JsonValueReader.Describe(reader.TokenType)}");
        }
        var fields = new MessageFields();
        string? type = null;
        string? stream = null;
        string? transcodedFor = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = EnvelopeName(ref reader);
            reader.Read();
            var repeats = reader.TokenType == JsonTokenType.String ? RepeatSlot(name) : -1;
            if (name == "record" && reader.TokenType == JsonTokenType.StartObject)
            {
                if (transcode && type == "RECORD" && stream is not null && _transcoders.TryGetValue(stream, out var transcoder)
                    && TryTranscode(ref reader, transcoder, out var encoded, out var values))
                {
                    fields.SetTranscodedRecord(encoded, values, transcoder.ValueNames, transcoder as Maps.MappedRecordTranscoder);
                    transcodedFor = stream;
                    continue;
                }
                transcodedFor = null;
                var record = JsonValueReader.ReadObject(ref reader, _names, _lastRecordSize);
                _lastRecordSize = record.Count;
                fields.Set(name, record);
                continue;
            }
            var value = repeats >= 0 ? RepeatedValue(ref reader, repeats) : JsonValueReader.ReadValue(ref reader, _names);
            fields.Set(name, value);
            if (name == "type")
            {
                type = value as string;
            }
            else if (name == "stream")
            {
                stream = value as string;
            }
        }
        if (reader.Read())
        {
            throw new JsonException("unexpected content after the message object");
        }
        if (transcodedFor is not null && (type != "RECORD" || stream != transcodedFor))
        {
            return null;
        }
        var message = fields.Build(lineNumber);
        if (message is SchemaMessage schema && _createTranscoder is not null)
        {
            Register(schema);
        }
        else if (message is RecordMessage { TimeExtracted: { } extracted } record && !ReferenceEquals(extracted, _lastTimeExtracted))
        {
            CheckTimeExtracted(extracted, lineNumber, record.Stream);
        }
        return message;
    }

    /// <summary>
    /// A RECORD line read by hand (<see cref="PlainJson"/>) when it has the usual shape: type and stream before the
    /// record, version and time_extracted anywhere, no other field, every value plain and the record taken by its
    /// stream's transcoder (<see cref="RecordTranscoder.TryTranscodePlain"/>). The message is built as
    /// <see cref="ParseMessage"/> builds it from the same fields. Null for any other line, which the JSON reader then
    /// reads (and words the errors of); nothing of the line is kept.
    /// </summary>
    private SingerMessage? TryParsePlainRecord(ReadOnlySpan<byte> line, long lineNumber)
    {
        if (line.IsEmpty || line[0] != (byte)'{')
        {
            return null;
        }
        var fields = new MessageFields();
        var seen = 0; // a bit per field, so a field given twice goes to the JSON reader (where the last one counts)
        RecordTranscoder? transcoder = null;
        object?[]? values = null;
        var at = PlainJson.SkipSpace(line, 1);
        var end = false;
        var head = -1; // where the record's '{' is, when only type and stream came before it
        var recordEnd = -1;
        string? streamName = null;
        var known = KnownHead(line);
        if (known is not null)
        {
            // The same bytes before the record as a line of one of the last streams read: the same type and stream.
            transcoder = known.Transcoder;
            if (IsPaused(transcoder))
            {
                return null;
            }
            KnownHeads++;
            seen = 7;
            fields.SetRecordOf(known.Stream);
            streamName = known.Stream;
            at = head = known.Bytes.Length;
            _encoded ??= new EncodedChunks();
            if (at >= line.Length || line[at] != (byte)'{' || !transcoder.TryTranscodePlain(line, ref at, _encoded, out values))
            {
                return Decline(seen, transcoder);
            }
            recordEnd = at;
            if (known.Tail is { } tail && line[at..].SequenceEqual(tail.Bytes))
            {
                // And the same bytes after it: the same version and time_extracted.
                fields.SetVersionAndTime(tail.Version, tail.TimeExtracted);
                return Accept(fields, transcoder, values, lineNumber);
            }
            if (!PlainJson.TryNextMember(line, ref at, out end))
            {
                return Decline(seen, transcoder);
            }
        }
        while (!end)
        {
            if (!PlainJson.TryName(line, ref at, out var name))
            {
                return Decline(seen, transcoder);
            }
            var field = name.SequenceEqual("type"u8) ? 1 : name.SequenceEqual("stream"u8) ? 2 : name.SequenceEqual("record"u8) ? 4
                : name.SequenceEqual("version"u8) ? 8 : name.SequenceEqual("time_extracted"u8) ? 16 : 0;
            if (field == 0 || (seen & field) != 0)
            {
                return Decline(seen, transcoder);
            }
            seen |= field;
            ReadOnlySpan<byte> text;
            switch (field)
            {
                case 1:
                    if (!PlainJson.TryString(line, ref at, out text) || !text.SequenceEqual("RECORD"u8))
                    {
                        return Decline(seen, transcoder);
                    }
                    fields.Set("type", "RECORD");
                    break;
                case 2:
                    if (!PlainJson.TryString(line, ref at, out text))
                    {
                        return Decline(seen, transcoder);
                    }
                    var stream = PlainText(1, text);
                    if (!_transcoders.TryGetValue(stream, out transcoder) || !transcoder.TakesPlain || IsPaused(transcoder))
                    {
                        return null; // not the stream's lines' shape (or not now): nothing written yet
                    }
                    fields.Set("stream", stream);
                    streamName = stream;
                    break;
                case 4:
                    _encoded ??= new EncodedChunks();
                    if ((seen & 3) != 3 || at >= line.Length || line[at] != (byte)'{')
                    {
                        return Decline(seen, transcoder);
                    }
                    head = seen == 7 ? at : -1;
                    if (!transcoder!.TryTranscodePlain(line, ref at, _encoded, out values))
                    {
                        return Decline(seen, transcoder);
                    }
                    recordEnd = at;
                    break;
                case 8:
                    if (!PlainJson.TryNumber(line, ref at, out var literal) || !Utf8Parser.TryParse(literal, out long version, out var used) || used != literal.Length)
                    {
                        return Decline(seen, transcoder);
                    }
                    fields.Set("version", version);
                    break;
                default:
                    if (!PlainJson.TryString(line, ref at, out text))
                    {
                        return Decline(seen, transcoder);
                    }
                    fields.Set("time_extracted", PlainText(2, text));
                    break;
            }
            if (!PlainJson.TryNextMember(line, ref at, out end))
            {
                return Decline(seen, transcoder);
            }
        }
        if (at != line.Length || (seen & 4) == 0)
        {
            return Decline(seen, transcoder);
        }
        var message = (RecordMessage)Accept(fields, transcoder!, values, lineNumber);
        if (head > 0)
        {
            Remember(line, known, head, recordEnd, streamName!, transcoder!, message);
        }
        return message;
    }

    private SingerMessage Accept(MessageFields fields, RecordTranscoder transcoder, object?[]? values, long lineNumber)
    {
        transcoder.PlainMisses = 0;
        fields.SetTranscodedRecord(_encoded!.Commit(), values, transcoder.ValueNames, transcoder as Maps.MappedRecordTranscoder);
        var message = fields.Build(lineNumber);
        if (message is RecordMessage { TimeExtracted: { } extracted } record && !ReferenceEquals(extracted, _lastTimeExtracted))
        {
            CheckTimeExtracted(extracted, lineNumber, record.Stream);
        }
        return message;
    }

    /// <summary>
    /// The bytes of a line read by hand before its record, when only type and stream came before it, and what they
    /// say; with the bytes after the record of the last such line (<see cref="Tail"/>).
    /// </summary>
    private sealed class Head(byte[] bytes, string stream, RecordTranscoder transcoder)
    {
        public byte[] Bytes { get; } = bytes;

        public string Stream { get; } = stream;

        public RecordTranscoder Transcoder { get; } = transcoder;

        public Tail? Tail { get; set; }
    }

    /// <summary>The bytes after a record (to the line's end) and the version and time_extracted they hold.</summary>
    private sealed record Tail(byte[] Bytes, object? Version, string? TimeExtracted);

    /// <summary>The heads of the last few streams read by hand: a tap reading a binlog interleaves its tables' records.</summary>
    private readonly Head?[] _heads = new Head?[4];
    private int _nextHead;

    private const int MaxEnvelope = 512;

    private Head? KnownHead(ReadOnlySpan<byte> line)
    {
        foreach (var head in _heads)
        {
            if (head is not null && line.StartsWith(head.Bytes))
            {
                return head;
            }
        }
        return null;
    }

    /// <summary>
    /// Keeps the bytes around an accepted line's record, for a line with nothing but type and stream before its record:
    /// a later line with the same bytes before its record says the same type and stream, and with the same after it
    /// the same version and time_extracted, without reading them again. A new SCHEMA forgets them (<see cref="Register"/>).
    /// </summary>
    private void Remember(ReadOnlySpan<byte> line, Head? known, int head, int recordEnd, string stream, RecordTranscoder transcoder, RecordMessage message)
    {
        if (known is null || known.Bytes.Length != head)
        {
            if (head > MaxEnvelope)
            {
                return;
            }
            known = new Head(line[..head].ToArray(), stream, transcoder);
            _heads[_nextHead] = known;
            _nextHead = (_nextHead + 1) % _heads.Length;
        }
        var tail = line[recordEnd..];
        if (tail.Length <= MaxEnvelope && (known.Tail is null || !tail.SequenceEqual(known.Tail.Bytes)))
        {
            known.Tail = new Tail(tail.ToArray(), message.Version, message.TimeExtracted);
        }
    }

    /// <summary>
    /// Forgets what a declined line's record wrote (if it got that far): the JSON reader reads the line again. A stream
    /// whose lines keep being declined (nested records, say) has the next <see cref="PlainPauseLines"/> of them go
    /// straight to the reader, then is tried again.
    /// </summary>
    private SingerMessage? Decline(int seen, RecordTranscoder? transcoder)
    {
        if ((seen & 4) != 0)
        {
            _encoded!.Rollback();
        }
        if (transcoder is not null && ++transcoder.PlainMisses >= PlainMissesBeforePause)
        {
            transcoder.PlainMisses = 0;
            transcoder.PlainPause = PlainPauseLines;
        }
        return null;
    }

    private static bool IsPaused(RecordTranscoder transcoder)
    {
        if (transcoder.PlainPause == 0)
        {
            return false;
        }
        transcoder.PlainPause--;
        return true;
    }

    internal const int PlainMissesBeforePause = 16;

    internal const int PlainPauseLines = 1024;

    /// <summary>The text of a plain string for one of <see cref="_lastValues"/>' slots, as <see cref="RepeatedValue"/> gives it.</summary>
    private string PlainText(int slot, ReadOnlySpan<byte> utf8)
    {
        if (_lastValues[slot].Utf8 is { } last && utf8.SequenceEqual(last))
        {
            return _lastValues[slot].Text;
        }
        var text = Encoding.UTF8.GetString(utf8);
        if (utf8.Length <= 64)
        {
            _lastValues[slot] = (utf8.ToArray(), text);
        }
        return text;
    }

    /// <summary>The last time_extracted found good: records of a run mostly share one, and the parser hands out the same string for it.</summary>
    private string? _lastTimeExtracted;

    private void CheckTimeExtracted(string extracted, long lineNumber, string stream)
    {
        if (!Rfc3339.IsDateTime(extracted))
        {
            var shown = extracted.Length > 40 ? extracted[..40] + "…" : extracted;
            throw new ProtocolException(lineNumber, $"time_extracted '{shown}' is not an RFC 3339 date-time with an offset (like 2024-01-02T03:04:05Z)", stream);
        }
        _lastTimeExtracted = extracted;
    }

    /// <summary>The message's own field names, matched by their bytes (cheaper than any lookup); other names through the table.</summary>
    private string EnvelopeName(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            var raw = reader.ValueSpan;
            if (raw.SequenceEqual("type"u8))
            {
                return "type";
            }
            if (raw.SequenceEqual("stream"u8))
            {
                return "stream";
            }
            if (raw.SequenceEqual("record"u8))
            {
                return "record";
            }
            if (raw.SequenceEqual("version"u8))
            {
                return "version";
            }
            if (raw.SequenceEqual("time_extracted"u8))
            {
                return "time_extracted";
            }
        }
        return _names.GetName(ref reader);
    }

    private static int RepeatSlot(string name) => name switch
    {
        "type" => 0,
        "stream" => 1,
        "time_extracted" => 2,
        _ => -1,
    };

    /// <summary>The last string each of type, stream and time_extracted had: the next line most likely has the same.</summary>
    private readonly (byte[] Utf8, string Text)[] _lastValues = new (byte[], string)[3];

    private string RepeatedValue(ref Utf8JsonReader reader, int slot)
    {
        var plain = !reader.ValueIsEscaped && !reader.HasValueSequence;
        if (plain && _lastValues[slot].Utf8 is { } last && reader.ValueSpan.SequenceEqual(last))
        {
            return _lastValues[slot].Text;
        }
        // Timestamps change from record to record: only type and stream names are worth the table.
        var text = slot == 2 ? reader.GetString()! : _names.GetName(ref reader);
        if (plain && reader.ValueSpan.Length <= 64)
        {
            _lastValues[slot] = (reader.ValueSpan.ToArray(), text);
        }
        return text;
    }

    /// <summary>Runs the stream's transcoder over the record; on a refusal (or JSON it cannot read) the reader is put back for the ordinary path.</summary>
    private bool TryTranscode(ref Utf8JsonReader reader, RecordTranscoder transcoder, out ReadOnlyMemory<byte> encoded, out object?[]? values)
    {
        _encoded ??= new EncodedChunks();
        var start = reader;
        bool done;
        values = null;
        try
        {
            done = transcoder.TryTranscode(ref reader, _encoded, out values);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            done = false;
        }
        if (done)
        {
            encoded = _encoded.Commit();
            return true;
        }
        _encoded.Rollback();
        reader = start;
        encoded = default;
        values = null;
        return false;
    }

    private void Register(SchemaMessage schema)
    {
        RecordTranscoder? transcoder;
        try
        {
            transcoder = _createTranscoder!(schema);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A schema the transcoder cannot take (or a malformed one): the ordinary path handles its records, and
            // reports the schema's own error at its line, in order.
            transcoder = null;
        }
        Array.Clear(_heads);
        if (transcoder is null)
        {
            _transcoders.Remove(schema.Stream);
        }
        else
        {
            _transcoders[schema.Stream] = transcoder;
        }
    }

    private static string TrimPosition(string message)
    {
        // System.Text.Json appends "LineNumber: 0 | BytePositionInLine: 17."; keep the byte position only.
        var at = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (at < 0)
        {
            return message;
        }
        var position = message.IndexOf("BytePositionInLine: ", at, StringComparison.Ordinal);
        var head = message[..at].TrimEnd();
        return position < 0 ? head : $"{head} (byte {message[(position + 20)..].TrimEnd('.')})";
    }
}
