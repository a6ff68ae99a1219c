using System.Text;

namespace TapMysql.Binlog.Protocol;

/// <summary>An ERR packet: 0xFF, the error code, '#' and the SQL state, the message.</summary>
internal sealed record ServerError(int Code, string Message)
{
    public const byte Marker = 0xFF;

    public static ServerError Read(ReadOnlySpan<byte> payload)
    {
        var reader = new PacketReader(payload);
        reader.Skip(1);
        var code = reader.ReadUInt16();
        var rest = reader.Rest;
        if (rest.Length >= 6 && rest[0] == (byte)'#')
        {
            rest = rest[6..];
        }
        return new ServerError(code, Encoding.UTF8.GetString(rest));
    }

    public override string ToString() => $"error {Code}: {Message}";
}
