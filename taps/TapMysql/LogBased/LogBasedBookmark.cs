using Singer.Sdk;
using TapMysql.Binlog;

namespace TapMysql.LogBased;

/// <summary>
/// A LOG_BASED stream's bookmark, in the Python tap-mysql's keys so either tap resumes the other's state:
/// <c>{"version": 1700000000000, "log_file": "binlog.000042", "log_pos": 1234}</c>; during the initial copy
/// also FULL_TABLE's <c>max_pk_values</c> and <c>last_pk_fetched</c>.
/// </summary>
internal static class LogBasedBookmark
{
    public const string LogFile = "log_file";
    public const string LogPos = "log_pos";
    public const string TableColumns = "table_columns";

    /// <summary>Where the stream's binlog reading resumes, or null when the stream was never copied.</summary>
    public static BinlogPosition? Read(SingerState state, string tapStreamId)
    {
        var file = state.GetBookmark(tapStreamId, LogFile);
        var position = state.GetBookmark(tapStreamId, LogPos);
        if (file is null || position is null)
        {
            return null;
        }
        if (file is not string { Length: > 0 } name || position is not long offset || offset < 0)
        {
            throw new ConfigurationException($"state for stream '{tapStreamId}': bookmark log_file {SingerJson.Serialize(file)} / " +
                $"log_pos {SingerJson.Serialize(position)} is not a binlog file name and a position");
        }
        return new BinlogPosition(name, offset);
    }

    public static void Write(SingerState state, string tapStreamId, BinlogPosition position)
    {
        state.SetBookmark(tapStreamId, LogFile, position.File);
        state.SetBookmark(tapStreamId, LogPos, position.Position);
    }

    /// <summary>
    /// True when the stream still needs its table copied: no binlog coordinates yet, or a copy that was
    /// interrupted (its key bookmarks are still there), as the Python tap decides.
    /// </summary>
    public static bool NeedsCopy(SingerState state, string tapStreamId) =>
        Read(state, tapStreamId) is null || IsCopyUnfinished(state, tapStreamId);

    public static bool IsCopyUnfinished(SingerState state, string tapStreamId) =>
        state.GetBookmark(tapStreamId, "max_pk_values") is not null || state.GetBookmark(tapStreamId, "last_pk_fetched") is not null;

    /// <summary>
    /// The table's column names at the bookmark (our own key; the Python tap has none): rows logged before a
    /// later ALTER are decoded with the columns they were logged with. Null when unknown (a Python state).
    /// </summary>
    public static IReadOnlyList<string>? ReadLayout(SingerState state, string tapStreamId) =>
        state.GetBookmark(tapStreamId, TableColumns) is List<object?> names && names.All(n => n is string)
            ? names.Cast<string>().ToList()
            : null;

    public static void WriteLayout(SingerState state, string tapStreamId, IReadOnlyList<string> columns) =>
        state.SetBookmark(tapStreamId, TableColumns, columns.Cast<object?>().ToList());

    /// <summary>The table version the stream's records carry; null when the state has none (see FULL_TABLE's unknown version).</summary>
    public static long? Version(SingerState state, string tapStreamId) => state.GetBookmark(tapStreamId, "version") as long?;
}
