using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Singer.Sdk.Serialization;

/// <summary>
/// Builds plain CLR values from a <see cref="Utf8JsonReader"/>: objects become
/// <c>Dictionary&lt;string, object?&gt;</c>, arrays <c>List&lt;object?&gt;</c>, strings stay strings
/// (datetimes are not guessed), integers are <see cref="long"/> or <see cref="BigInteger"/>, and other
/// numbers are <see cref="decimal"/> when that is exact, else a <see cref="BigDecimal"/> holding the literal.
/// </summary>
internal static class JsonValueReader
{
    /// <summary>Expects the reader on a value's first token; leaves it on that value's last token.</summary>
    public static object? ReadValue(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => ReadObject(ref reader),
        JsonTokenType.StartArray => ReadArray(ref reader),
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => ReadNumber(ref reader),
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => throw new JsonException($"unexpected {reader.TokenType}"),
    };

    public static Dictionary<string, object?> ReadObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"expected an object, found {Describe(reader.TokenType)}");
        }
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            reader.Read();
            result[name] = ReadValue(ref reader);
        }
        return result;
    }

    public static List<object?> ReadArray(ref Utf8JsonReader reader)
    {
        var result = new List<object?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            result.Add(ReadValue(ref reader));
        }
        return result;
    }

    public static object ReadNumber(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out var integer))
        {
            return integer;
        }
        var literal = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        return ParseNumber(literal);
    }

    /// <summary>Parses a number literal already known to be valid JSON.</summary>
    public static object ParseNumber(ReadOnlySpan<byte> literal)
    {
        var isInteger = literal.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
        Span<char> chars = literal.Length <= 512 ? stackalloc char[literal.Length] : new char[literal.Length];
        var length = Encoding.ASCII.GetChars(literal, chars);
        var text = chars[..length];
        if (isInteger)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return l;
            }
            return BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        if (FitsDecimalExactly(text) &&
            decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }
        return BigDecimal.Parse(text.ToString());
    }

    /// <summary>
    /// A plain literal (no exponent) with at most 28 digits converts to <see cref="decimal"/> without
    /// rounding and formats back to the same text (decimal keeps trailing zeros).
    /// </summary>
    private static bool FitsDecimalExactly(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAny('e', 'E') >= 0)
        {
            return false;
        }
        var digits = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
        }
        return digits <= 28;
    }

    public static object? ParseDocument(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, DocumentOptions);
        if (!reader.Read())
        {
            throw new JsonException("the document is empty");
        }
        var value = ReadValue(ref reader);
        if (reader.Read())
        {
            throw new JsonException("unexpected content after the JSON value");
        }
        return value;
    }

    public static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };

    /// <summary>Config, catalog and state files are written by people: allow comments and trailing commas.</summary>
    private static readonly JsonReaderOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        MaxDepth = 256,
    };
}
