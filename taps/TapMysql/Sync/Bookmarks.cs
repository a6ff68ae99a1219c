using MySqlConnector;
using Singer.Sdk;
using TapMysql.Types;

namespace TapMysql.Sync;

/// <summary>
/// Reads a key column of the current row as its bookmark value, encoded as in the record; a zero or
/// impossible date (<c>0000-00-00 00:00:00</c>) as the server's text, which compares in SQL exactly where the
/// row sorts (the record has null or a stand-in there, neither of which would).
/// </summary>
internal static class Bookmarks
{
    public static object? Read(MySqlDataReader reader, int i, SyncColumn column)
    {
        if (reader.IsDBNull(i))
        {
            return null;
        }
        return column.Kind switch
        {
            ColumnKind.SignedInteger => reader.GetInt64(i),
            ColumnKind.UnsignedBigInt => reader.GetUInt64(i) is var u && u <= long.MaxValue ? (long)u : (object)new System.Numerics.BigInteger(u),
            ColumnKind.Decimal => SingerJson.Parse(Text(reader, i)),
            ColumnKind.Year => Convert.ToInt64(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture),
            ColumnKind.DateTime => Temporal(Text(reader, i), dateOnly: false),
            ColumnKind.Date => Temporal(Text(reader, i), dateOnly: true),
            ColumnKind.String or ColumnKind.Json or ColumnKind.JsonText => Text(reader, i),
            _ => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The values of a (possibly composite) key as the <c>{"column": value}</c> object bookmarks hold.</summary>
    public static Dictionary<string, object?> ReadKey(MySqlDataReader reader, IReadOnlyList<SyncColumn> keys, IReadOnlyList<int> ordinals)
    {
        var values = new Dictionary<string, object?>(keys.Count, StringComparer.Ordinal);
        for (var i = 0; i < keys.Count; i++)
        {
            values[keys[i].Name] = Read(reader, ordinals[i], keys[i]);
        }
        return values;
    }

    private static string Text(MySqlDataReader reader, int i)
    {
        var length = (int)reader.GetBytes(i, 0, null, 0, 0);
        var bytes = new byte[length];
        reader.GetBytes(i, 0, bytes, 0, length);
        return System.Text.Encoding.UTF8.GetString(bytes);
    }

    private static string Temporal(string text, bool dateOnly)
    {
        Span<byte> output = stackalloc byte[TemporalText.MaxLength];
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        var ok = dateOnly ? TemporalText.TryFormatDate(bytes, output, out var written) : TemporalText.TryFormatDateTime(bytes, output, out written);
        return ok ? System.Text.Encoding.ASCII.GetString(output[..written]) : text;
    }
}
