namespace TapMysql.Binlog.Protocol;

/// <summary>
/// The server's greeting, HandshakeV10: its version, the scramble to answer and the authentication plugin it asks for.
/// https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html
/// </summary>
internal sealed record Handshake(string ServerVersion, byte[] Scramble, uint Capabilities, string AuthPlugin)
{
    public static Handshake Read(ReadOnlySpan<byte> payload)
    {
        var reader = new PacketReader(payload);
        var protocol = reader.ReadByte();
        if (protocol != 10)
        {
            throw new FormatException($"handshake protocol version {protocol} is not 10");
        }
        var version = reader.ReadNullTerminatedString();
        reader.Skip(4); // connection id
        var scramble = new List<byte>(reader.ReadBytes(8).ToArray());
        reader.Skip(1);
        uint capabilities = reader.ReadUInt16();
        reader.Skip(3); // character set, status flags
        capabilities |= (uint)reader.ReadUInt16() << 16;
        var authDataLength = reader.ReadByte();
        reader.Skip(10);
        if ((capabilities & CapabilityFlags.SecureConnection) != 0)
        {
            // The second part is at least 13 bytes and ends with a zero that is not part of the scramble.
            var part = reader.ReadBytes(Math.Max(13, authDataLength - 8));
            scramble.AddRange(part.TrimEnd((byte)0).ToArray());
        }
        var plugin = (capabilities & CapabilityFlags.PluginAuth) != 0 && reader.Remaining > 0 ? reader.ReadNullTerminatedString() : NativePassword.Name;
        return new Handshake(version, [.. scramble], capabilities, plugin);
    }
}
