namespace TapMysql.Binlog.Events;

/// <summary>
/// MariaDB's GTID event, which opens an event group (a transaction, or one DDL statement).
/// <see cref="IsStandalone"/> marks a group with no closing XID/COMMIT (DDL): the group ends with its one statement.
/// </summary>
internal sealed record GtidEvent(DateTimeOffset Timestamp, BinlogPosition End, uint DomainId, uint ServerId, ulong Sequence, bool IsStandalone)
    : BinlogEvent(Timestamp, End);
