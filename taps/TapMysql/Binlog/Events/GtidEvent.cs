using TapMysql.Binlog.Protocol;

namespace TapMysql.Binlog.Events;

/// <summary>
/// MariaDB's GTID event, which opens an event group (a transaction, or one DDL statement).
/// <see cref="IsStandalone"/> marks a group with no closing XID/COMMIT (DDL): the group ends with its one statement.
/// Body: sequence number (8), domain id (4), flags (1), ... (https://mariadb.com/kb/en/gtid_event/).
/// </summary>
internal sealed record GtidEvent(DateTimeOffset Timestamp, BinlogPosition End, uint DomainId, uint ServerId, ulong Sequence, bool IsStandalone)
    : BinlogEvent(Timestamp, End)
{
    private const byte StandaloneFlag = 1;

    public string Gtid => $"{DomainId}-{ServerId}-{Sequence}";

    public static GtidEvent Read(ReadOnlySpan<byte> body, DateTimeOffset timestamp, BinlogPosition end, uint serverId)
    {
        var reader = new PacketReader(body);
        var sequence = reader.ReadUInt64();
        var domain = reader.ReadUInt32();
        var flags = reader.ReadByte();
        return new GtidEvent(timestamp, end, domain, serverId, sequence, (flags & StandaloneFlag) != 0);
    }
}
