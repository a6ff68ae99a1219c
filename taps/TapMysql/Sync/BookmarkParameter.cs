using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;
using Singer.Sdk;
using TapMysql.Types;

namespace TapMysql.Sync;

/// <summary>
/// Turns a bookmark from a state file (last_pk_fetched, max_pk_values, replication_key_value) back into a
/// query parameter for its column. Accepts what this tap writes and what the Python tap-mysql writes
/// (e.g. DATE as "2024-01-01T00:00:00.000000Z").
/// </summary>
internal static partial class BookmarkParameter
{
    public static object ToParameter(SyncColumn column, object? value, string stream)
    {
        try
        {
            return Convert(column.Kind, value) ?? throw Bad(column, value, stream);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
        {
            throw Bad(column, value, stream);
        }
    }

    private static object? Convert(ColumnKind kind, object? value) => (kind, value) switch
    {
        (_, null) => null,
        (ColumnKind.SignedInteger or ColumnKind.Year, long l) => l,
        (ColumnKind.SignedInteger or ColumnKind.Year, string s) => long.Parse(s, CultureInfo.InvariantCulture),
        (ColumnKind.UnsignedBigInt, long l) => checked((ulong)l),
        (ColumnKind.UnsignedBigInt, BigInteger b) => (ulong)b,
        (ColumnKind.UnsignedBigInt, string s) => ulong.Parse(s, CultureInfo.InvariantCulture),
        (ColumnKind.Decimal, _) => SingerJson.Serialize(value).Trim('"'),
        (ColumnKind.DateTime or ColumnKind.Date, string s) when ServerText().IsMatch(s) && !FormatChecker.TryParseDateTime(s, out _) => s,
        (ColumnKind.DateTime, string s) => ParseDateTime(s),
        (ColumnKind.Date, string s) => ParseDateTime(s).Date,
        (ColumnKind.String, string s) => s,
        (ColumnKind.String, _) => SingerJson.Serialize(value),
        _ => null,
    };

    /// <summary>The server's own text of a DATE or DATETIME, which zero and impossible dates are bookmarked as.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d{1,6})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex ServerText();

    private static DateTime ParseDateTime(string text) =>
        FormatChecker.TryParseDateTime(text, out var parsed)
            ? parsed.UtcDateTime
            : DateTime.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static ConfigurationException Bad(SyncColumn column, object? value, string stream) =>
        new($"state for stream '{stream}': bookmark {SingerJson.Serialize(value)} does not fit column '{column.Name}' ({column.Info.ColumnType})");
}
