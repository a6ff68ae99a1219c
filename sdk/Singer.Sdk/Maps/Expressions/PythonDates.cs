using System.Globalization;

namespace Singer.Sdk.Maps.Expressions;

/// <summary>
/// <c>datetime.date</c> and <c>datetime.datetime</c> as the SDK's values: a date is a <see cref="DateOnly"/>, an aware
/// datetime a <see cref="DateTimeOffset"/>, a naive one a <see cref="DateTime"/> (taken as UTC where an instant is needed).
/// Written to a record they become RFC 3339 text, like every date the SDK writes.
/// </summary>
internal static class PythonDates
{
    private static readonly string[] DateTimeFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", "yyyy-MM-dd'T'HH:mmzzz", "yyyy-MM-dd HH:mmzzz",
    ];

    private static readonly string[] NaiveFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd HH:mm", "yyyy-MM-dd'T'HH", "yyyy-MM-dd",
    ];

    public static DateOnly ParseDate(object? value)
    {
        if (value is string text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        throw value is string s
            ? MapEvaluationException.Value($"Invalid isoformat string: {PythonText.Repr(s)}")
            : MapEvaluationException.Type($"fromisoformat: argument must be str, not {PythonText.TypeName(value)}");
    }

    public static object ParseDateTime(object? value)
    {
        if (value is not string text)
        {
            throw MapEvaluationException.Type($"fromisoformat: argument must be str, not {PythonText.TypeName(value)}");
        }
        var normalized = text.EndsWith('Z') || text.EndsWith('z') ? text[..^1] + "+00:00" : text;
        if (DateTimeOffset.TryParseExact(normalized, DateTimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var aware))
        {
            return aware;
        }
        if (DateTime.TryParseExact(normalized, NaiveFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var naive))
        {
            return naive;
        }
        throw MapEvaluationException.Value($"Invalid isoformat string: {PythonText.Repr(text)}");
    }

    /// <summary>Python's <c>str()</c> / <c>isoformat()</c> of a datetime: microseconds only when non-zero, the offset as +HH:MM.</summary>
    public static string Format(DateTimeOffset value, char separator) =>
        Format(value.DateTime, separator) + (value.Offset < TimeSpan.Zero ? "-" : "+") + value.Offset.ToString("hh\\:mm", CultureInfo.InvariantCulture);

    public static string Format(DateTime value, char separator)
    {
        var text = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + separator + value.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        var microseconds = (value.Ticks % TimeSpan.TicksPerSecond) / 10;
        return microseconds == 0 ? text : text + "." + microseconds.ToString("000000", CultureInfo.InvariantCulture);
    }

    public static object? Attribute(object? value, string name) => (value, name) switch
    {
        (DateOnly d, "year") => (long)d.Year,
        (DateOnly d, "month") => (long)d.Month,
        (DateOnly d, "day") => (long)d.Day,
        (DateTimeOffset d, _) => DateTimeAttribute(d.DateTime, name) ?? (name == "tzinfo" ? d.Offset.ToString() : null),
        (DateTime d, _) => DateTimeAttribute(d, name),
        _ => null,
    };

    private static object? DateTimeAttribute(DateTime d, string name) => name switch
    {
        "year" => (long)d.Year,
        "month" => (long)d.Month,
        "day" => (long)d.Day,
        "hour" => (long)d.Hour,
        "minute" => (long)d.Minute,
        "second" => (long)d.Second,
        "microsecond" => (d.Ticks % TimeSpan.TicksPerSecond) / 10,
        _ => null,
    };

    /// <summary>Seconds since the epoch as a float, as Python's <c>timestamp()</c> (a naive datetime counts as UTC here).</summary>
    public static double Timestamp(object value) => value switch
    {
        DateTimeOffset d => (d.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond,
        DateTime d => (d.Ticks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerSecond,
        _ => throw MapEvaluationException.Type($"'{PythonText.TypeName(value)}' object has no attribute 'timestamp'"),
    };
}
