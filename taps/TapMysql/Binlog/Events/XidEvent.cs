using System.Buffers.Binary;

namespace TapMysql.Binlog.Events;

/// <summary>An InnoDB transaction committed: the point after it is a transaction boundary. Body: the xid (8 bytes).</summary>
internal sealed record XidEvent(DateTimeOffset Timestamp, BinlogPosition End, ulong Xid) : BinlogEvent(Timestamp, End)
{
    public static XidEvent Read(ReadOnlySpan<byte> body, DateTimeOffset timestamp, BinlogPosition end) =>
        body.Length >= 8
            ? new XidEvent(timestamp, end, BinaryPrimitives.ReadUInt64LittleEndian(body))
            : throw new FormatException($"XID event body has {body.Length} bytes, expected 8");
}
