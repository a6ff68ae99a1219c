using System.Numerics;

namespace Singer.Sdk.Serialization;

/// <summary>The JSON number grammar: <c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>.</summary>
internal static class NumberLiteral
{
    public static bool IsValid(ReadOnlySpan<char> text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }
        if (i >= text.Length || !char.IsAsciiDigit(text[i]))
        {
            return false;
        }
        if (text[i] == '0')
        {
            i++;
        }
        else
        {
            i = SkipDigits(text, i);
        }
        if (i < text.Length && text[i] == '.')
        {
            var start = ++i;
            i = SkipDigits(text, i);
            if (i == start)
            {
                return false;
            }
        }
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-'))
            {
                i++;
            }
            var start = i;
            i = SkipDigits(text, i);
            if (i == start)
            {
                return false;
            }
        }
        return i == text.Length;
    }

    /// <summary>Splits a valid literal into unscaled digits and a base-10 scale: value = unscaled × 10^-scale.</summary>
    public static (BigInteger Unscaled, int Scale) Decompose(ReadOnlySpan<char> text)
    {
        var negative = text.Length > 0 && text[0] == '-';
        var body = negative ? text[1..] : text;
        var exponentAt = body.IndexOfAny('e', 'E');
        var exponent = 0;
        if (exponentAt >= 0)
        {
            exponent = int.Parse(body[(exponentAt + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            body = body[..exponentAt];
        }
        var pointAt = body.IndexOf('.');
        Span<char> digits = body.Length <= 256 ? stackalloc char[body.Length] : new char[body.Length];
        var count = 0;
        var fractionDigits = 0;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '.')
            {
                continue;
            }
            digits[count++] = body[i];
        }
        if (pointAt >= 0)
        {
            fractionDigits = body.Length - pointAt - 1;
        }
        var unscaled = BigInteger.Parse(digits[..count], System.Globalization.CultureInfo.InvariantCulture);
        return (negative ? -unscaled : unscaled, fractionDigits - exponent);
    }

    private static int SkipDigits(ReadOnlySpan<char> text, int i)
    {
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        return i;
    }
}
