namespace TapMysql.Binlog.Events;

/// <summary>The server moves on to another binlog file; also sent first by every dump to name the start file.</summary>
internal sealed record RotateEvent(DateTimeOffset Timestamp, BinlogPosition End, string NextFile, long NextPosition)
    : BinlogEvent(Timestamp, End);
