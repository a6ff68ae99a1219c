namespace TapMysql.Binlog.Events;

/// <summary>Sent by the server while it has nothing else to send; carries the file it is reading.</summary>
internal sealed record HeartbeatEvent(DateTimeOffset Timestamp, BinlogPosition End) : BinlogEvent(Timestamp, End);
