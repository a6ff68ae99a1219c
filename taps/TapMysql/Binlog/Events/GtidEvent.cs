using TapMysql.Binlog.Protocol;

namespace TapMysql.Binlog.Events;

/// <summary>
/// MariaDB's GTID event, which opens an event group (a transaction, or one DDL statement).
/// <see cref="IsStandalone"/> marks a group with no closing XID/COMMIT (DDL): the group ends with its one statement.
/// <see cref="PreparedXaId"/> is set on the group of an XA transaction's <c>XA PREPARE</c>: its rows are in the binlog, but
/// whether they are committed is decided by a later <c>XA COMMIT</c> or <c>XA ROLLBACK</c> group.
/// Body: sequence number (8), domain id (4), flags (1), [commit id (8)], [XA: format id (4), gtrid and bqual lengths (1 + 1),
/// their bytes] (https://mariadb.com/kb/en/gtid_event/).
/// </summary>
internal sealed record GtidEvent(DateTimeOffset Timestamp, BinlogPosition End, uint DomainId, uint ServerId, ulong Sequence, bool IsStandalone,
    string? PreparedXaId = null)
    : BinlogEvent(Timestamp, End)
{
    private const byte StandaloneFlag = 1;
    private const byte GroupCommitIdFlag = 2;
    private const byte PreparedXaFlag = 64;
    private const byte CompletedXaFlag = 128;

    public string Gtid => $"{DomainId}-{ServerId}-{Sequence}";

    public static GtidEvent Read(ReadOnlySpan<byte> body, DateTimeOffset timestamp, BinlogPosition end, uint serverId)
    {
        var reader = new PacketReader(body);
        var sequence = reader.ReadUInt64();
        var domain = reader.ReadUInt32();
        var flags = reader.ReadByte();
        string? preparedXa = null;
        if ((flags & PreparedXaFlag) != 0 && (flags & CompletedXaFlag) == 0)
        {
            if ((flags & GroupCommitIdFlag) != 0)
            {
                reader.Skip(8);
            }
            var formatId = reader.ReadUInt32();
            var gtrid = reader.ReadByte();
            var bqual = reader.ReadByte();
            var data = reader.ReadBytes(gtrid + bqual);
            preparedXa = XaId(formatId, data[..gtrid], data[gtrid..]);
        }
        return new GtidEvent(timestamp, end, domain, serverId, sequence, (flags & StandaloneFlag) != 0, preparedXa);
    }

    /// <summary>An XA transaction's id as the server writes it in <c>XA COMMIT X'..',X'..',n</c>, upper-case hex.</summary>
    public static string XaId(uint formatId, ReadOnlySpan<byte> gtrid, ReadOnlySpan<byte> bqual) =>
        $"X'{Convert.ToHexString(gtrid)}',X'{Convert.ToHexString(bqual)}',{formatId.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
