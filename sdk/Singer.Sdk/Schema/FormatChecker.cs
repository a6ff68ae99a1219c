using System.Globalization;

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
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out value)
        && text.Length >= 10 && char.IsAsciiDigit(text[0]);

    public static bool TryParseDate(string text, out DateOnly value) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static bool TryParseTime(string text, out TimeOnly value)
    {
        var withoutOffset = text.EndsWith('Z') ? text[..^1] : text;
        return TimeOnly.TryParse(withoutOffset, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }
}
