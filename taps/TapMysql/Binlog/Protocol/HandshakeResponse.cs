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

    /// <summary>The SSLRequest packet: the response's fixed 32 bytes alone, with the TLS flag; TLS starts after it.</summary>
    public static byte[] SslRequest() => FixedPart(CapabilityFlags.Replica | CapabilityFlags.Ssl);

    public static byte[] Create(string user, byte[] answer, string plugin, bool tls)
    {
        using var packet = new MemoryStream();
        packet.Write(FixedPart(CapabilityFlags.Replica | (tls ? CapabilityFlags.Ssl : 0)));
        packet.Write(Encoding.UTF8.GetBytes(user));
        packet.WriteByte(0);
        packet.WriteByte((byte)answer.Length);
        packet.Write(answer);
        packet.Write(Encoding.UTF8.GetBytes(plugin));
        packet.WriteByte(0);
        return packet.ToArray();
    }

    /// <summary>Capabilities, maximum packet size, character set and 23 reserved zero bytes.</summary>
    private static byte[] FixedPart(uint capabilities)
    {
        var fixedPart = new byte[32];
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart, capabilities);
        BinaryPrimitives.WriteUInt32LittleEndian(fixedPart.AsSpan(4), 1 << 30);
        fixedPart[8] = Utf8mb4GeneralCollation;
        return fixedPart;
    }
}
