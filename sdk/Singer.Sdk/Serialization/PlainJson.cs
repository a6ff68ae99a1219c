using System.Buffers;
using System.Runtime.CompilerServices;

namespace Singer.Sdk.Serialization;

/// <summary>The kinds of value <see cref="PlainJson"/> reads: everything else is not plain.</summary>
public enum PlainValue
{
    Null,
    True,
    False,
    Number,
    String,
}

/// <summary>
/// JSON read by hand, for the usual shape of a record line: flat objects whose values are null, true, false, numbers
/// without an exponent and strings of printable ASCII without escapes. Each step either reads exactly what the JSON
/// grammar allows there or says no; it never accepts bytes a JSON reader would refuse. Anything else (an escape, a
/// byte outside printable ASCII, a nested value, an exponent) is "no": the caller then reads the line with the JSON
/// reader, whose errors and values are the ones that count. Positions are indexes into the line. Public for the
/// executables that read records of their own sources by hand (tap-rest's response bodies).
/// </summary>
public static class PlainJson
{
    /// <summary>The bytes of a plain string between its quotes: printable ASCII but the quote and the backslash.</summary>
    private static readonly SearchValues<byte> StringBytes =
        SearchValues.Create(Enumerable.Range(0x20, 0x7F - 0x20).Where(b => b is not '"' and not '\\').Select(b => (byte)b).ToArray());

    /// <summary>The index of the first byte at or after <paramref name="at"/> that is not JSON white space.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int SkipSpace(ReadOnlySpan<byte> json, int at)
    {
        while (at < json.Length && json[at] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            at++;
        }
        return at;
    }

    /// <summary>Whether <paramref name="text"/> is what a plain string holds between its quotes (printable ASCII, no quote or backslash).</summary>
    public static bool IsPlainText(ReadOnlySpan<byte> text) => text.IndexOfAnyExcept(StringBytes) < 0;

    /// <summary>
    /// A plain string at <paramref name="at"/> (its opening quote): <paramref name="text"/> is what is between the
    /// quotes, <paramref name="at"/> moves past the closing one.
    /// </summary>
    public static bool TryString(ReadOnlySpan<byte> json, scoped ref int at, out ReadOnlySpan<byte> text)
    {
        text = default;
        if (at >= json.Length || json[at] != (byte)'"')
        {
            return false;
        }
        // The first byte that cannot be in a plain string: it must be the closing quote.
        var rest = json[(at + 1)..];
        var length = rest.IndexOfAnyExcept(StringBytes);
        if (length < 0 || rest[length] != (byte)'"')
        {
            return false;
        }
        text = rest[..length];
        at += length + 2;
        return true;
    }

    /// <summary>
    /// A number without an exponent at <paramref name="at"/>: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?</c>. What follows is the
    /// caller's to check (a delimiter), so <c>01</c> reads as <c>0</c> and then fails there.
    /// </summary>
    public static bool TryNumber(ReadOnlySpan<byte> json, scoped ref int at, out ReadOnlySpan<byte> literal)
    {
        literal = default;
        var i = at;
        if (i < json.Length && json[i] == (byte)'-')
        {
            i++;
        }
        if (i >= json.Length || !char.IsAsciiDigit((char)json[i]))
        {
            return false;
        }
        i = json[i] == (byte)'0' ? i + 1 : Digits(json, i);
        if (i < json.Length && json[i] == (byte)'.')
        {
            var fraction = Digits(json, i + 1);
            if (fraction == i + 1)
            {
                return false;
            }
            i = fraction;
        }
        if (i < json.Length && json[i] is (byte)'e' or (byte)'E')
        {
            return false;
        }
        literal = json[at..i];
        at = i;
        return true;
    }

    /// <summary>A plain value at <paramref name="at"/>: for a string, <paramref name="value"/> is its text; for a number, its literal.</summary>
    public static bool TryValue(ReadOnlySpan<byte> json, scoped ref int at, out PlainValue kind, out ReadOnlySpan<byte> value)
    {
        value = default;
        kind = default;
        if (at >= json.Length)
        {
            return false;
        }
        switch (json[at])
        {
            case (byte)'"':
                kind = PlainValue.String;
                return TryString(json, ref at, out value);
            case (byte)'n':
                kind = PlainValue.Null;
                return TryLiteral(json, ref at, "null"u8);
            case (byte)'t':
                kind = PlainValue.True;
                return TryLiteral(json, ref at, "true"u8);
            case (byte)'f':
                kind = PlainValue.False;
                return TryLiteral(json, ref at, "false"u8);
            default:
                kind = PlainValue.Number;
                return TryNumber(json, ref at, out value);
        }
    }

    /// <summary>After a member's value: past white space and a comma (true, <paramref name="end"/> false) or the object's '}' (true, <paramref name="end"/> true).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryNextMember(ReadOnlySpan<byte> json, scoped ref int at, out bool end)
    {
        at = SkipSpace(json, at);
        end = at < json.Length && json[at] == (byte)'}';
        if (end || (at < json.Length && json[at] == (byte)','))
        {
            at = SkipSpace(json, at + 1);
            return true;
        }
        return false;
    }

    /// <summary>
    /// From an object's '{' (<paramref name="first"/>) or the end of a member's value to the next member's value (its
    /// name in <paramref name="name"/>), or past the object's '}' and any white space after it (<paramref name="end"/>).
    /// </summary>
    public static bool TryNextName(ReadOnlySpan<byte> json, scoped ref int at, bool first, out ReadOnlySpan<byte> name, out bool end)
    {
        name = default;
        if (first)
        {
            at = SkipSpace(json, at + 1);
            end = at < json.Length && json[at] == (byte)'}';
            if (end)
            {
                at = SkipSpace(json, at + 1);
            }
        }
        else if (!TryNextMember(json, ref at, out end))
        {
            return false;
        }
        return end || TryName(json, ref at, out name);
    }

    /// <summary>A member's name and its colon: <paramref name="at"/> moves to the value.</summary>
    public static bool TryName(ReadOnlySpan<byte> json, scoped ref int at, out ReadOnlySpan<byte> name)
    {
        if (!TryString(json, ref at, out name))
        {
            return false;
        }
        at = SkipSpace(json, at);
        if (at >= json.Length || json[at] != (byte)':')
        {
            return false;
        }
        at = SkipSpace(json, at + 1);
        return true;
    }

    private static bool TryLiteral(ReadOnlySpan<byte> json, ref int at, ReadOnlySpan<byte> literal)
    {
        if (!json[at..].StartsWith(literal))
        {
            return false;
        }
        at += literal.Length;
        return true;
    }

    private static int Digits(ReadOnlySpan<byte> json, int at)
    {
        var length = json[at..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        return length < 0 ? json.Length : at + length;
    }
}
