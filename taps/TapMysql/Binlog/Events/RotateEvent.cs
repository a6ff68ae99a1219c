using TapMysql.Binlog.Protocol;

namespace TapMysql.Binlog.Events;

/// <summary>
/// The server moves on to another binlog file; also sent first by every dump to name the start file.
/// Its <see cref="BinlogEvent.End"/> is the start of the next file. Body: position (8 bytes), file name (the rest).
/// </summary>
internal sealed record RotateEvent(DateTimeOffset Timestamp, BinlogPosition End, string NextFile, long NextPosition)
    : BinlogEvent(Timestamp, End)
{
    public static RotateEvent Read(ReadOnlySpan<byte> body, DateTimeOffset timestamp)
    {
        var reader = new PacketReader(body);
        var position = (long)reader.ReadUInt64();
        var file = reader.ReadString(reader.Remaining);
        return new RotateEvent(timestamp, new BinlogPosition(file, position), file, position);
    }
}
