using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Singer.Sdk;

/// <summary>The string formats Singer schemas use, parsed leniently as the Python tools do (RFC 3339 and ISO 8601).</summary>
public static class FormatChecker
{
    public static bool IsValid(string format, string text) => format switch
    {
        "date-time" => TryParseDateTime(text, out _),
        "date" => TryParseDate(text, out _),
        "time" => TryParseTime(text, out _),
        _ => true,
    };

    /// <summary>Parses an RFC 3339 / ISO 8601 datetime; a value without an offset is taken as UTC.</summary>
    public static bool TryParseDateTime(string text, out DateTimeOffset value) =>
        TryParseCanonical(text, out value)
        || TryParseIso(text, out value)
        || (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value)
            && text.Length >= 10 && char.IsAsciiDigit(text[0]));

    /// <summary>
    /// The form every Singer tap writes, <c>yyyy-MM-ddTHH:mm:ss[.f…]Z</c>, read digit by digit: a target
    /// parses each datetime twice (validation, then loading), so this is on its hot path. Anything else
    /// (offsets, no fraction separator, leap seconds) falls through to the general parsers.
    /// </summary>
    private static bool TryParseCanonical(string text, out DateTimeOffset value) => TryParseCanonical(text.AsSpan(), out value);

    /// <summary>True for a datetime in the canonical form (see <see cref="TryParseCanonical(string, out DateTimeOffset)"/>), given as UTF-8.</summary>
    internal static bool IsCanonicalDateTime(ReadOnlySpan<byte> utf8) => TryCanonicalParts(utf8, out _); // without building the value

    /// <summary>True for a <c>yyyy-MM-dd</c> date that exists, given as UTF-8.</summary>
    internal static bool IsDate(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length != 10 || utf8[4] != '-' || utf8[7] != '-')
        {
            return false;
        }
        var year = Digits(utf8, 0, 4);
        var month = Digits(utf8, 5, 2);
        var day = Digits(utf8, 8, 2);
        return year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    internal static bool TryParseCanonical<T>(ReadOnlySpan<T> text, out DateTimeOffset value)
        where T : unmanaged, IBinaryInteger<T>
    {
        value = default;
        if (!TryCanonicalParts(text, out var parts))
        {
            return false;
        }
        value = new DateTimeOffset(parts.Year, parts.Month, parts.Day, parts.Hour, parts.Minute, parts.Second, TimeSpan.Zero).AddTicks(parts.Ticks);
        return true;
    }

    private readonly record struct Parts(int Year, int Month, int Day, int Hour, int Minute, int Second, long Ticks);

    /// <summary>The fields of a datetime in the canonical form, each within its range (the day within its month).</summary>
    private static bool TryCanonicalParts<T>(ReadOnlySpan<T> text, out Parts parts)
        where T : unmanaged, IBinaryInteger<T>
    {
        parts = default;
        if (text.Length < 20 || text.Length > 28 || !Is(text[^1], 'Z') || !Is(text[4], '-') || !Is(text[7], '-')
            || !Is(text[10], 'T') || !Is(text[13], ':') || !Is(text[16], ':') || (text.Length > 20 && !Is(text[19], '.')))
        {
            return false;
        }
        var year = Digits(text, 0, 4);
        var month = Digits(text, 5, 2);
        var day = Digits(text, 8, 2);
        var hour = Digits(text, 11, 2);
        var minute = Digits(text, 14, 2);
        var second = Digits(text, 17, 2);
        var fractionDigits = text.Length > 20 ? text.Length - 21 : 0;
        var fraction = fractionDigits > 0 ? Digits(text, 20, fractionDigits) : 0;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || (uint)hour > 23 || (uint)minute > 59 || (uint)second > 59 || fraction < 0 || (text.Length > 20 && fractionDigits == 0))
        {
            return false;
        }
        parts = new Parts(year, month, day, hour, minute, second, fraction * (long)Pow10[7 - fractionDigits]);
        return true;
    }

    private static bool Is<T>(T unit, char expected)
        where T : unmanaged, IBinaryInteger<T> => int.CreateTruncating(unit) == expected;

    private static readonly int[] Pow10 = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000];

    /// <summary>The number written by <paramref name="count"/> ASCII digits, or -1 when one is not a digit.</summary>
    private static int Digits<T>(ReadOnlySpan<T> text, int start, int count)
        where T : unmanaged, IBinaryInteger<T>
    {
        var value = 0;
        for (var i = start; i < start + count; i++)
        {
            var digit = int.CreateTruncating(text[i]) - '0';
            if ((uint)digit > 9)
            {
                return -1;
            }
            value = (value * 10) + digit;
        }
        return value;
    }

    /// <summary>
    /// The strict ISO 8601 parser of System.Text.Json: about 3x faster than DateTimeOffset.TryParse, and
    /// it takes every RFC 3339 form taps write. A value without an offset is UTC.
    /// </summary>
    private static bool TryParseIso(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length is < 10 or > 60)
        {
            return false;
        }
        Span<byte> quoted = stackalloc byte[(text.Length * 3) + 2];
        quoted[0] = (byte)'"';
        var length = Encoding.UTF8.GetBytes(text, quoted[1..]);
        quoted[length + 1] = (byte)'"';
        var reader = new Utf8JsonReader(quoted[..(length + 2)]);
        if (!reader.Read() || !reader.TryGetDateTimeOffset(out value))
        {
            return false;
        }
        if (!HasOffset(text))
        {
            value = new DateTimeOffset(value.DateTime, TimeSpan.Zero);
        }
        return true;
    }

    private static bool HasOffset(string text) =>
        text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 19 && text.AsSpan(19).IndexOfAny('+', '-') >= 0);

    public static bool TryParseDate(string text, out DateOnly value) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static bool TryParseTime(string text, out TimeOnly value)
    {
        var withoutOffset = text.EndsWith('Z') ? text[..^1] : text;
        return TimeOnly.TryParse(withoutOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
