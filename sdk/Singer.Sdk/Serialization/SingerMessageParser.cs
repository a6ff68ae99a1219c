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

    public SingerMessage Parse(ReadOnlySequence<byte> line, long lineNumber)
    {
        var reader = new Utf8JsonReader(line, LineOptions);
        try
        {
            return ParseMessage(ref reader, lineNumber);
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
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = _names.GetName(ref reader);
            reader.Read();
            var repeats = reader.TokenType == JsonTokenType.String && name is "type" or "stream" or "time_extracted";
            if (name == "record" && reader.TokenType == JsonTokenType.StartObject)
            {
                var record = JsonValueReader.ReadObject(ref reader, _names, _lastRecordSize);
                _lastRecordSize = record.Count;
                fields.Set(name, record);
                continue;
            }
            fields.Set(name, repeats ? _names.GetName(ref reader) : JsonValueReader.ReadValue(ref reader, _names));
        }
        if (reader.Read())
        {
            throw new JsonException("unexpected content after the message object");
        }
        return fields.Build(lineNumber);
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
