using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Singer.Sdk;

namespace TargetS3;

/// <summary>
/// JSON Lines: the record object on one line, written by the SDK's value writer so every number keeps its exact
/// digits and non-ASCII text stays UTF-8.
/// </summary>
internal sealed class JsonlRecordEncoder : RecordEncoder
{
    /// <summary>Non-ASCII text stays UTF-8; only what JSON requires is escaped.</summary>
    public static readonly JavaScriptEncoder Escaping = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly JsonWriterOptions Options = new()
    {
        Encoder = Escaping,
        SkipValidation = true,
    };

    public JsonlRecordEncoder(string[] added)
        : base(added)
    {
    }

    public override void WriteHeader(IBufferWriter<byte> output)
    {
        // JSON Lines has no header.
    }

    public override void WriteRecord(RecordMessage record, string batchedAt, IBufferWriter<byte> output)
    {
        if (!record.Encoded.IsEmpty)
        {
            output.Write(record.Encoded.Span); // transcoded by S3Target's JsonRecordTranscoder: the same bytes as below
            output.Write("\n"u8);
            return;
        }
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        foreach (var (name, value) in record.Record)
        {
            if (Added.Contains(name, StringComparer.Ordinal))
            {
                continue; // written below, once
            }
            json.WritePropertyName(name);
            SingerWriter.WriteValue(json, value);
        }
        foreach (var column in Added)
        {
            json.WritePropertyName(column);
            SingerWriter.WriteValue(json, AddedValue(column, record, batchedAt));
        }
        json.WriteEndObject();
        json.Flush();
        output.Write("\n"u8);
    }
}
