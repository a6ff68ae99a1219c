using System.Globalization;

namespace TapRest.Http;

/// <summary>
/// The wait a 429 or 503 asks for in its Retry-After header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date.
/// A date in the past means "now"; anything unreadable means the header is ignored and backoff applies.
/// </summary>
internal static class RetryAfter
{
    /// <summary>No API gets to park a run for longer than this per retry.</summary>
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
            return Clamp(TimeSpan.FromSeconds(Math.Min(seconds, (long)Longest.TotalSeconds)));
        }
        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var date))
        {
            return Clamp(date - now);
        }
        return null;
    }

    private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : wait > Longest ? Longest : wait;
}
