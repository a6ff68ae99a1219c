using System.Buffers;
using System.Buffers.Text;
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
    public static object? ReadValue(ref Utf8JsonReader reader, Utf8NameTable? names = null) => reader.TokenType switch
    {
        JsonTokenType.StartObject => ReadObject(ref reader, names),
        JsonTokenType.StartArray => ReadArray(ref reader, names),
        JsonTokenType.String => ReadString(ref reader),
        JsonTokenType.Number => ReadNumber(ref reader),
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        JsonTokenType.Null => null,
        _ => throw new JsonException($"unexpected {reader.TokenType}"),
    };

    /// <summary>
    /// A string value. One that straddles buffer segments (the long string of a long line) is decoded segment by
    /// segment: <see cref="Utf8JsonReader.GetString"/> would first copy it whole, a third more memory for a 1 GB line.
    /// </summary>
    public static string ReadString(ref Utf8JsonReader reader)
    {
        if (!reader.HasValueSequence || reader.ValueIsEscaped)
        {
            try
            {
                return reader.GetString()!;
            }
            catch (InvalidOperationException) when (!reader.ValueIsEscaped)
            {
                throw new JsonException(NotUtf8); // worded as below, so a line fails alike however the reader's buffers cut it
            }
        }
        var utf8 = reader.ValueSequence;
        try
        {
            var decoder = StrictUtf8.GetDecoder();
            var length = CountChars(utf8, decoder);
            decoder.Reset();
            return string.Create(length, (utf8, decoder), static (chars, state) =>
            {
                foreach (var segment in state.utf8)
                {
                    chars = chars[state.decoder.GetChars(segment.Span, chars, flush: false)..];
                }
                state.decoder.GetChars([], chars, flush: true);
            });
        }
        catch (DecoderFallbackException)
        {
            throw new JsonException(NotUtf8);
        }
        catch (OverflowException)
        {
            throw new JsonException("a string is longer than a .NET string can hold");
        }
    }

    private const string NotUtf8 = "a string is not valid UTF-8";

    /// <summary>
    /// The UTF-16 length of a string that straddles segments. Counted by decoding into a small scratch buffer, as
    /// <see cref="Decoder.GetCharCount(ReadOnlySpan{byte}, bool)"/> does not carry a character split between two
    /// segments over to the next one.
    /// </summary>
    private static int CountChars(ReadOnlySequence<byte> utf8, Decoder decoder)
    {
        var scratch = ArrayPool<char>.Shared.Rent(16 * 1024);
        try
        {
            var length = 0;
            foreach (var segment in utf8)
            {
                var bytes = segment.Span;
                do
                {
                    decoder.Convert(bytes, scratch, flush: false, out var bytesUsed, out var charsUsed, out _);
                    length = checked(length + charsUsed);
                    bytes = bytes[bytesUsed..];
                }
                while (!bytes.IsEmpty);
            }
            decoder.Convert([], scratch, flush: true, out _, out var last, out _);
            return checked(length + last);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <param name="capacity">Expected number of properties (records of a stream share their shape), so the
    /// dictionary is sized once instead of growing twice on the way to seven entries.</param>
    public static Dictionary<string, object?> ReadObject(ref Utf8JsonReader reader, Utf8NameTable? names = null, int capacity = 0)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"expected an object, found {Describe(reader.TokenType)}");
        }
        var result = new Dictionary<string, object?>(capacity, StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = names is null ? reader.GetString()! : names.GetName(ref reader);
            reader.Read();
            result[name] = ReadValue(ref reader, names);
        }
        return result;
    }

    public static List<object?> ReadArray(ref Utf8JsonReader reader, Utf8NameTable? names = null)
    {
        var result = new List<object?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            result.Add(ReadValue(ref reader, names));
        }
        return result;
    }

    /// <summary>
    /// A number literal (its grammar checked, no exponent) as <see cref="ReadNumber"/> reads it when that gives a long or
    /// a decimal; false when it would give a BigInteger or BigDecimal.
    /// </summary>
    public static bool TryReadSmallNumber(ReadOnlySpan<byte> literal, out object? number)
    {
        number = null;
        if (Utf8Parser.TryParse(literal, out long integer, out var used) && used == literal.Length)
        {
            number = integer;
            return true;
        }
        // As Utf8JsonReader.TryGetDecimal reads a literal without exponent: all of it, the scale kept.
        if (literal.Contains((byte)'.') && FitsDecimalExactly(literal) && Utf8Parser.TryParse(literal, out decimal d, out used) && used == literal.Length)
        {
            number = d;
            return true;
        }
        return false;
    }

    public static object ReadNumber(ref Utf8JsonReader reader)
    {
        if (reader.TryGetInt64(out var integer))
        {
            return integer;
        }
        var literal = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
        var isInteger = literal.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0;
        if (isInteger)
        {
            return BigInteger.Parse(Encoding.ASCII.GetString(literal), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        if (FitsDecimalExactly(literal) && reader.TryGetDecimal(out var d))
        {
            return d;
        }
        var text = Encoding.ASCII.GetString(literal);
        CheckExponent(text);
        return BigDecimal.Parse(text);
    }

    /// <summary>
    /// The widest explicit exponent a number may have. PostgreSQL's NUMERIC, the widest column here, holds 131,072
    /// digits before the point and 16,383 after, so nothing could store more; and exact arithmetic on 1e999999999
    /// (a multipleOf check) would run for hours, while 1e99999999999 does not even fit the scale of a decimal.
    /// </summary>
    public const int MaxExponent = 100_000;

    private static void CheckExponent(string literal)
    {
        var at = literal.AsSpan().IndexOfAny('e', 'E');
        if (at < 0)
        {
            return;
        }
        var exponent = literal.AsSpan(at + 1).TrimStart('+').TrimStart('-').TrimStart('0');
        if (exponent.Length > 6 || (exponent.Length > 0 && int.Parse(exponent, CultureInfo.InvariantCulture) > MaxExponent))
        {
            throw new NumberRangeException($"the number {(literal.Length > 40 ? literal[..40] + "…" : literal)} is out of range: its exponent is beyond ±{MaxExponent:N0}");
        }
    }

    /// <summary>
    /// A plain literal (no exponent) with at most 28 digits converts to <see cref="decimal"/> without
    /// rounding and formats back to the same text (decimal keeps trailing zeros).
    /// </summary>
    internal static bool FitsDecimalExactly(ReadOnlySpan<byte> literal) =>
        literal.IndexOfAny((byte)'e', (byte)'E') < 0 && CountDigits(literal) <= 28;

    private static int CountDigits(ReadOnlySpan<byte> literal)
    {
        var digits = 0;
        foreach (var b in literal)
        {
            if (b is >= (byte)'0' and <= (byte)'9')
            {
                digits++;
            }
        }
        return digits;
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
