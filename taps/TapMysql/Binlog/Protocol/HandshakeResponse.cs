using System.Buffers.Binary;
using System.Text;

namespace TapMysql.Binlog.Protocol;

/// <summary>
/// HandshakeResponse41: capabilities, maximum packet size, character set, user, the password answer and its plugin.
/// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_response.html
/// </summary>
internal static class HandshakeResponse
{
    private const byte Utf8mb4GeneralCollation = 45;

    public static byte[] Create(string user, byte[] answer, string plugin)
    {
        using var packet = new MemoryStream();
        Span<byte> fixedPart = stackalloc byte[32];
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart, CapabilityFlags.Replica);
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart[4..], 1 << 30);
        fixedPart[8] = Utf8mb4GeneralCollation;
        packet.Write(fixedPart);
        packet.Write(Encoding.UTF8.GetBytes(user));
        packet.WriteByte(0);
        packet.WriteByte((byte)answer.Length);
        packet.Write(answer);
        packet.Write(Encoding.UTF8.GetBytes(plugin));
        packet.WriteByte(0);
        return packet.ToArray();
    }
}
