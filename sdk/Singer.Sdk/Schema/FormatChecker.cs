using System.Globalization;
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
        TryParseIso(text, out value)
        || (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value)
            && text.Length >= 10 && char.IsAsciiDigit(text[0]));

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
