using System.Text.Json;
using Singer.Sdk.Serialization;

namespace Singer.Sdk;

/// <summary>
/// Which JSON scalars come back byte for byte when the SDK parses them into record values and writes them again
/// (<see cref="SingerWriter"/>): those can be copied from input to output as their bytes.
/// </summary>
public static class CanonicalJson
{
    /// <summary>
    /// True for a scalar whose bytes parsing and writing give back unchanged: null, true, false, a printable ASCII string
    /// without escapes, an integer that fits a long and a decimal without exponent that fits <see cref="decimal"/>
    /// (neither a negative zero).
    /// </summary>
    public static bool IsCanonical(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        switch (reader.TokenType)
        {
            case JsonTokenType.Null or JsonTokenType.True or JsonTokenType.False:
                return true;
            case JsonTokenType.String:
                return !reader.ValueIsEscaped && IsPrintableAscii(raw);
            case JsonTokenType.Number:
                return IsCanonicalNumber(ref reader);
            default:
                return false;
        }
    }

    /// <summary>Bytes from space to '~' only: nothing the writer escapes (it escapes controls, DEL and non-ASCII text).</summary>
    public static bool IsPrintableAscii(ReadOnlySpan<byte> utf8) => utf8.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0;

    /// <summary>
    /// One pass over the number's bytes (the reader has checked its grammar): no exponent, not a negative zero, and an
    /// integer of at most 18 characters (a long, surely) or a decimal of at most 29 (28 digits at most: a decimal, surely);
    /// longer ones are parsed to see.
    /// </summary>
    public static bool IsCanonicalNumber(ref Utf8JsonReader reader) => IsCanonicalNumber(reader.ValueSpan);

    /// <summary><see cref="IsCanonicalNumber(ref Utf8JsonReader)"/> for a literal whose grammar is known good.</summary>
    public static bool IsCanonicalNumber(ReadOnlySpan<byte> raw)
    {
        var point = false;
        foreach (var b in raw)
        {
            if (b == (byte)'.')
            {
                point = true;
            }
            else if ((b | 0x20) == (byte)'e')
            {
                return false;
            }
        }
        if (raw[0] == (byte)'-' && raw[1..].IndexOfAnyExcept((byte)'0', (byte)'.') < 0)
        {
            return false; // -0, -0.00: the ordinary path writes them as 0
        }
        return point ? raw.Length <= 29 || JsonValueReader.FitsDecimalExactly(raw)
            : raw.Length <= 18 || (System.Buffers.Text.Utf8Parser.TryParse(raw, out long _, out var used) && used == raw.Length);
    }
}
