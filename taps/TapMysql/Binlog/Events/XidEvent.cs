namespace TapMysql.Binlog.Events;

/// <summary>An InnoDB transaction committed: the point after it is a transaction boundary.</summary>
internal sealed record XidEvent(DateTimeOffset Timestamp, BinlogPosition End, ulong Xid) : BinlogEvent(Timestamp, End);
