using System.Text.Json;

namespace Singer.Sdk.Serialization;

/// <summary>Writes each message type with singer-python's field order; absent optional fields are left out.</summary>
internal static class MessageEncoder
{
    public static void Write(Utf8JsonWriter json, SingerMessage message)
    {
        json.WriteStartObject();
        json.WriteString("type"u8, message.Type);
        switch (message)
        {
            case RecordMessage record:
                json.WriteString("stream"u8, record.Stream);
                json.WritePropertyName("record"u8);
                if (!record.Encoded.IsEmpty)
                {
                    json.WriteRawValue(record.Encoded.Span, skipInputValidation: true); // a transcoder's JSON of the record
                }
                else if (record.Values is not null)
                {
                    throw new InvalidOperationException($"stream '{record.Stream}': a record taken as values cannot be written");
                }
                else
                {
                    JsonValueWriter.WriteObject(json, record.Record);
                }
                if (record.Version is { } version)
                {
                    json.WriteNumber("version"u8, version);
                }
                if (record.TimeExtracted is { } extracted)
                {
                    json.WriteString("time_extracted"u8, extracted);
                }
                break;
            case SchemaMessage schema:
                json.WriteString("stream"u8, schema.Stream);
                json.WritePropertyName("schema"u8);
                JsonValueWriter.WriteObject(json, schema.Schema);
                WriteStrings(json, "key_properties"u8, schema.KeyProperties);
                if (schema.BookmarkProperties is { } bookmarks)
                {
                    WriteStrings(json, "bookmark_properties"u8, bookmarks);
                }
                break;
            case StateMessage state:
                json.WritePropertyName("value"u8);
                JsonValueWriter.WriteObject(json, state.Value);
                break;
            case ActivateVersionMessage activate:
                json.WriteString("stream"u8, activate.Stream);
                json.WriteNumber("version"u8, activate.Version);
                break;
            case BatchMessage batch:
                json.WriteString("stream"u8, batch.Stream);
                json.WriteStartObject("encoding"u8);
                json.WriteString("format"u8, batch.Encoding.Format);
                if (batch.Encoding.Compression is { } compression)
                {
                    json.WriteString("compression"u8, compression);
                }
                json.WriteEndObject();
                WriteStrings(json, "manifest"u8, batch.Manifest);
                break;
            case UnknownMessage unknown:
                foreach (var (name, value) in unknown.Fields)
                {
                    if (name != "type")
                    {
                        json.WritePropertyName(name);
                        JsonValueWriter.Write(json, value);
                    }
                }
                break;
        }
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, ReadOnlySpan<byte> name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }
}
