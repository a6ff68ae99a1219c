using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Singer.Sdk;
using SharpFuzz;

// Each input is a Singer stream, read twice: the ordinary way (no transcoder: every record parsed into a dictionary)
// and the fast way (records transcoded to JSON, as target-s3 and target-duckdb read them). Any difference between the
// two, or any exception but the reader's ProtocolException, is a crash for afl-fuzz to keep.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    var input = copy.ToArray();
    var ordinary = StreamReading.Read(input, transcoder: null);
    var fast = StreamReading.Read(input, schema => JsonRecordTranscoder.For(schema.ParsedSchema, JavaScriptEncoder.UnsafeRelaxedJsonEscaping));
    if (!ordinary.SequenceEqual(fast))
    {
        var at = ordinary.Zip(fast).TakeWhile(p => p.First == p.Second).Count();
        throw new InvalidOperationException(
            $"the fast path read another stream at message {at}:\n  ordinary: {ordinary.ElementAtOrDefault(at)}\n  fast:     {fast.ElementAtOrDefault(at)}");
    }
});

/// <summary>A stream read to its end as one text per message (or the error that ended it).</summary>
internal static class StreamReading
{
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static List<string> Read(byte[] input, Func<SchemaMessage, RecordTranscoder?>? transcoder)
    {
        var lines = new List<string>();
        var reader = new SingerReader(new MemoryStream(input), createTranscoder: transcoder, maxLineBytes: 1 << 20);
        try
        {
            foreach (var line in reader.ReadAllAsync().ToBlockingEnumerable())
            {
                lines.Add($"line {line.LineNumber}: {Render(line.Message)}");
            }
        }
        catch (ProtocolException ex)
        {
            lines.Add("error: " + ex.Message);
        }
        return lines;
    }

    private static string Render(SingerMessage message) => message switch
    {
        RecordMessage { Encoded.IsEmpty: false } record => $"RECORD {record.Stream} v{record.Version} t{record.TimeExtracted} {Encoding.UTF8.GetString(record.Encoded.Span)}",
        RecordMessage record => $"RECORD {record.Stream} v{record.Version} t{record.TimeExtracted} {Written(record.Record)}",
        _ => SingerWriter.Serialize(message),
    };

    private static string Written(Dictionary<string, object?> record)
    {
        using var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output, Relaxed))
        {
            SingerWriter.WriteValue(json, record);
        }
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
