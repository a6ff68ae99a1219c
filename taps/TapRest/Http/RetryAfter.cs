using System.Globalization;

namespace TapRest.Http;

/// <summary>
/// The wait a 429 or 503 asks for in its Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
/// A date in the past means "now"; anything unreadable means the header is ignored and backoff applies. A wait over
/// <see cref="Longest"/> is returned as asked: the caller gives up rather than wait less than the API wants.
/// </summary>
internal static class RetryAfter
{
    /// <summary>No API gets to park a run for longer than this per retry; one asking for more ends the run instead.</summary>
    public static readonly TimeSpan Longest = TimeSpan.FromMinutes(10);

    public static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        value = value.Trim();
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return Clamp(TimeSpan.FromSeconds(Math.Min(seconds, MostSeconds)));
        }
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var date))
        {
            return Clamp(date - now);
        }
        return null;
    }

    /// <summary>About 30 years: larger delay-seconds are read as this, so the number never overflows a TimeSpan.</summary>
    private const long MostSeconds = 1_000_000_000;

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
}
