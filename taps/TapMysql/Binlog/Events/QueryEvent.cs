namespace TapMysql.Binlog.Events;

/// <summary>A statement logged as text: BEGIN, COMMIT (non-transactional tables), and DDL such as ALTER TABLE.</summary>
internal sealed record QueryEvent(DateTimeOffset Timestamp, BinlogPosition End, string Database, string Sql) : BinlogEvent(Timestamp, End);
