using System.Buffers;
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

    /// <param name="createTranscoder">Called with each SCHEMA, on the parsing thread: the stream's records then go
    /// through the transcoder it returns (when not null) instead of becoming dictionaries.</param>
    public SingerMessageParser(Func<SchemaMessage, RecordTranscoder?>? createTranscoder = null)
    {
        _createTranscoder = createTranscoder;
    }

    public SingerMessage Parse(ReadOnlySequence<byte> line, long lineNumber)
    {
        var reader = line.IsSingleSegment ? new Utf8JsonReader(line.FirstSpan, LineOptions) : new Utf8JsonReader(line, LineOptions);
        try
        {
            return ParseMessage(ref reader, lineNumber);
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

    private SingerMessage ParseMessage(ref Utf8JsonReader reader, long lineNumber)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ProtocolException(lineNumber, $"expected a JSON object, found {JsonValueReader.Describe(reader.TokenType)}");
        }
        var fields = new MessageFields();
        string? type = null;
        string? stream = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = EnvelopeName(ref reader);
            reader.Read();
            var repeats = reader.TokenType == JsonTokenType.String ? RepeatSlot(name) : -1;
            if (name == "record" && reader.TokenType == JsonTokenType.StartObject)
            {
                if (type == "RECORD" && stream is not null && _transcoders.TryGetValue(stream, out var transcoder)
                    && TryTranscode(ref reader, transcoder, out var encoded, out var values))
                {
                    fields.SetTranscodedRecord(encoded, values, transcoder.ValueNames, transcoder as Maps.MappedRecordTranscoder);
                    continue;
                }
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
