using System.Text;

namespace TapMysql.Binlog.Events;

/// <summary>Sent by the server while it has nothing else to send. Body: the file it is reading; the header holds the position.</summary>
internal sealed record HeartbeatEvent(DateTimeOffset Timestamp, BinlogPosition End) : BinlogEvent(Timestamp, End)
{
    public static HeartbeatEvent Read(ReadOnlySpan<byte> body, DateTimeOffset timestamp, long position) =>
        new(timestamp, new BinlogPosition(Encoding.UTF8.GetString(body), position));
}
