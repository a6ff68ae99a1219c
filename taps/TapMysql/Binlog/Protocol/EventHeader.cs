namespace TapMysql.Binlog.Protocol;

/// <summary>
/// The 19 bytes before every binlog event (v4): when, which type, how long, and where the next event starts.
/// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication_binlog_event.html
/// </summary>
internal readonly record struct EventHeader(uint Timestamp, BinlogEventType Type, uint ServerId, uint EventSize, uint NextPosition, ushort Flags)
{
    public const int Length = 19;

    /// <summary>Set on events the server makes up for the dump (the first rotate), which are not in the file.</summary>
    public const ushort ArtificialFlag = 0x20;

    public bool IsArtificial => (Flags & ArtificialFlag) != 0;

    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(Timestamp);

    public static EventHeader Read(ReadOnlySpan<byte> data)
    {
        var reader = new PacketReader(data);
        return new EventHeader(reader.ReadUInt32(), (BinlogEventType)reader.ReadByte(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt16());
    }
}
