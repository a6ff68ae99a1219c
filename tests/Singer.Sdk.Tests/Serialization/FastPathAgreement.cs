using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Singer.Sdk.Serialization;

namespace Singer.Sdk.Tests.Serialization;

/// <summary>What the property tests compare: a line parsed with or without a transcoder, as one comparable text.</summary>
internal static class FastPathAgreement
{
    /// <summary>A line's message as text (a transcoded record with its encoded bytes as the record), or its error.</summary>
    public sealed record Outcome(string Text, bool Transcoded);

    /// <summary>Parses <paramref name="line"/> (line 2) after <paramref name="schemaLine"/> (line 1), with a transcoder for the stream or not.</summary>
    public static (SingerMessage? Message, string? Error) Parse(
        string schemaLine, ReadOnlySequence<byte> line, Func<SchemaMessage, RecordTranscoder?>? createTranscoder = null)
    {
        var parser = new SingerMessageParser(createTranscoder);
        parser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(schemaLine)), 1);
        try
        {
            return (parser.Parse(line, 2), null);
        }
        catch (ProtocolException ex)
        {
            return (null, "error: " + ex.Message);
        }
    }

    /// <summary>A message as text: records with their fields apart and the record as <paramref name="encoder"/> writes it.</summary>
    public static string Render(SingerMessage message, JavaScriptEncoder? encoder = null) => message switch
    {
        RecordMessage { IsTranscoded: true, Values: null } record =>
            $"RECORD {record.Stream} v{record.Version} t{record.TimeExtracted} {Encoding.UTF8.GetString(record.Encoded.Span)}",
        RecordMessage record => $"RECORD {record.Stream} v{record.Version} t{record.TimeExtracted} {Written(record.Record, encoder)}",
        _ => SingerWriter.Serialize(message),
    };

    /// <summary>The ordinary path's output: the parsed value written back by the SDK's writer.</summary>
    public static string Written(object? value, JavaScriptEncoder? encoder = null)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = encoder ?? JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true }))
        {
            SingerWriter.WriteValue(json, value);
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    /// <summary>
    /// A value as text that tells apart what equality would not: the CLR type (long, decimal, BigInteger, BigDecimal),
    /// a decimal's scale (1.50 is not 1.5 here) and the sign of a decimal zero.
    /// </summary>
    public static string Exact(object? value) => value switch
    {
        null => "null",
        string s => "string " + s,
        bool b => b ? "true" : "false",
        long l => "long " + l.ToString(CultureInfo.InvariantCulture),
        decimal d => "decimal " + (d == 0 && decimal.IsNegative(d) ? "-" : "") + d.ToString(CultureInfo.InvariantCulture),
        BigInteger i => "BigInteger " + i.ToString(CultureInfo.InvariantCulture),
        BigDecimal d => "BigDecimal " + d.Literal,
        _ => value.GetType().Name + " " + Written(value),
    };
}
