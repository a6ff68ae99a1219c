using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Singer.Sdk.Serialization;

/// <summary>
/// Writes the CLR values a record may hold as JSON. Numbers are written exactly (BigInteger and
/// BigDecimal as their digits); datetimes in RFC 3339 UTC with microseconds, as singer-python does;
/// binary as base64.
/// </summary>
internal static class JsonValueWriter
{
    public const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'";

    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(Checked(s)); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case long l: writer.WriteNumberValue(l); break;
            case int i: writer.WriteNumberValue(i); break;
            case decimal d: WriteDecimal(writer, d); break;
            case BigDecimal bd: writer.WriteRawValue(bd.Literal, skipInputValidation: true); break;
            case BigInteger bi: writer.WriteRawValue(bi.ToString(CultureInfo.InvariantCulture), skipInputValidation: true); break;
            case ulong ul: writer.WriteNumberValue(ul); break;
            case uint ui: writer.WriteNumberValue(ui); break;
            case short sh: writer.WriteNumberValue(sh); break;
            case ushort us: writer.WriteNumberValue(us); break;
            case byte by: writer.WriteNumberValue(by); break;
            case sbyte sb: writer.WriteNumberValue(sb); break;
            case double db: SingerWriter.WriteNumber(writer, db); break;
            case float f: SingerWriter.WriteNumber(writer, f); break;
            case DateTimeOffset dto: writer.WriteStringValue(FormatDateTime(dto)); break;
            case DateTime dt: writer.WriteStringValue(FormatDateTime(dt)); break;
            case DateOnly date: writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case TimeOnly time: writer.WriteStringValue(time.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture)); break;
            case byte[] bytes: writer.WriteBase64StringValue(bytes); break;
            case Guid g: writer.WriteStringValue(g); break;
            case Dictionary<string, object?> map: WriteObject(writer, map); break;
            case IDictionary<string, object?> map: WriteObject(writer, map); break;
            case IEnumerable items: WriteArray(writer, items); break;
            default: throw new ArgumentException($"cannot write a {value.GetType().Name} as JSON");
        }
    }

    public static void WriteObject(Utf8JsonWriter writer, IEnumerable<KeyValuePair<string, object?>> map)
    {
        writer.WriteStartObject();
        foreach (var (name, value) in map)
        {
            writer.WritePropertyName(Checked(name));
            Write(writer, value);
        }
        writer.WriteEndObject();
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// The text, when it is valid UTF-16. Utf8JsonWriter writes an unpaired surrogate as U+FFFD, changing the value
    /// without a word, and as the escape "\ud800" the reader would refuse it: JSON we write cannot carry one.
    /// </summary>
    private static string Checked(string text)
    {
        if (text.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            try
            {
                StrictUtf8.GetByteCount(text);
            }
            catch (EncoderFallbackException ex)
            {
                var unpaired = ex.CharUnknown != 0 ? ex.CharUnknown : ex.CharUnknownHigh;
                throw new ArgumentException(
                    $"cannot write a string with an unpaired surrogate (\\u{(int)unpaired:x4} at character {ex.Index}) as JSON");
            }
        }
        return text;
    }

    /// <summary>
    /// A decimal as its digits. System.Decimal keeps the sign of a zero (<c>-0.0</c> parses to a negative zero) but
    /// formats it without one; the sign is written back so the number goes out as it came.
    /// </summary>
    private static void WriteDecimal(Utf8JsonWriter writer, decimal value)
    {
        if (value == 0m && decimal.IsNegative(value))
        {
            writer.WriteRawValue("-" + value.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    public static string FormatDateTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    public static string FormatDateTime(DateTime value) =>
        (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).ToString(DateTimeFormat, CultureInfo.InvariantCulture);

    private static void WriteArray(Utf8JsonWriter writer, IEnumerable items)
    {
        writer.WriteStartArray();
        foreach (var item in items)
        {
            Write(writer, item);
        }
        writer.WriteEndArray();
    }
}
