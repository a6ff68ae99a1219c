using System.Globalization;

namespace TapMysql.Sync;

/// <summary>Formats MySQL TIME values, which are durations, not times of day.</summary>
internal static class ValueText
{
    /// <summary>TIME is a duration (-838:59:59 to 838:59:59), so hours are not wrapped at 24.</summary>
    public static string Time(TimeSpan value)
    {
        var sign = value < TimeSpan.Zero ? "-" : "";
        var magnitude = value.Duration();
        var microseconds = (magnitude.Ticks % TimeSpan.TicksPerSecond) / 10;
        return string.Create(CultureInfo.InvariantCulture,
            $"{sign}{(long)magnitude.TotalHours:D2}:{magnitude.Minutes:D2}:{magnitude.Seconds:D2}.{microseconds:D6}");
    }
}
