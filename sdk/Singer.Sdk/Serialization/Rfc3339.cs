using System.Text.RegularExpressions;

namespace Singer.Sdk.Serialization;

/// <summary>
/// RFC 3339 date-times (section 5.6) for the fields the protocol itself types, such as <c>time_extracted</c>: a full date,
/// <c>T</c> (or a space, which the RFC allows), a full time and a required offset; the values must exist on the calendar.
/// </summary>
internal static partial class Rfc3339
{
    public static bool IsDateTime(string text) => text.Length <= 40 && Shape().IsMatch(text) && FormatChecker.TryParseDateTime(text, out _);

    [GeneratedRegex("^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([Zz]|[+-][0-9]{2}:[0-9]{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
