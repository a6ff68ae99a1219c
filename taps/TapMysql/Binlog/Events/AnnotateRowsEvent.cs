namespace TapMysql.Binlog.Events;

/// <summary>MariaDB's copy of the statement that produced the row events after it (binlog_annotate_row_events).</summary>
internal sealed record AnnotateRowsEvent(DateTimeOffset Timestamp, BinlogPosition End, string Sql) : BinlogEvent(Timestamp, End);
