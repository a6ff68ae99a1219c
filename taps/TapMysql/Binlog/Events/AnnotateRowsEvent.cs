using System.Text;

namespace TapMysql.Binlog.Events;

/// <summary>MariaDB's copy of the statement that produced the row events after it (binlog_annotate_row_events). Body: the SQL.</summary>
internal sealed record AnnotateRowsEvent(DateTimeOffset Timestamp, BinlogPosition End, string Sql) : BinlogEvent(Timestamp, End)
{
    public static AnnotateRowsEvent Read(ReadOnlySpan<byte> body, DateTimeOffset timestamp, BinlogPosition end) =>
        new(timestamp, end, Encoding.UTF8.GetString(body));
}
