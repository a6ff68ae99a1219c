namespace TapMysql.Binlog;

/// <summary>
/// One event read from the binlog. <see cref="End"/> is the coordinate right after the event: a valid point
/// to resume from (for a rotate, the start of the next file).
/// </summary>
internal abstract record BinlogEvent(DateTimeOffset Timestamp, BinlogPosition End);
