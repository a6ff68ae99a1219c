using System.Buffers.Binary;
using System.Text;

namespace TapMysql.Binlog.Protocol;

/// <summary>
/// The command packets a replica sends (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_replication.html).
/// </summary>
internal static class ReplicaCommands
{
    private const byte ComQuery = 0x03;
    private const byte ComBinlogDump = 0x12;
    private const byte ComRegisterSlave = 0x15;

    /// <summary>Ask the server to send EOF at the end of the binlog instead of waiting for new events.</summary>
    private const ushort DumpNonBlocking = 1;

    public static byte[] Query(string sql) => [ComQuery, .. Encoding.UTF8.GetBytes(sql)];

    /// <summary>COM_REGISTER_SLAVE: server id, host, user, password (all empty), port, rank, source id.</summary>
    public static byte[] RegisterReplica(uint serverId)
    {
        var packet = new byte[1 + 4 + 3 + 2 + 4 + 4];
        packet[0] = ComRegisterSlave;
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(1), serverId);
        return packet;
    }

    /// <summary>COM_BINLOG_DUMP: 4-byte position, flags, server id, file name.</summary>
    public static byte[] Dump(BinlogPosition start, uint serverId)
    {
        if (start.Position is < 4 or > uint.MaxValue)
        {
            // COM_BINLOG_DUMP carries 4 bytes of position; binlog files stay below max_binlog_size (at most 1 GiB).
            throw new BinlogProtocolException($"cannot start reading the binlog at {start}: a position must be between 4 and 4294967295");
        }
        var name = Encoding.UTF8.GetBytes(start.File);
        var packet = new byte[1 + 4 + 2 + 4 + name.Length];
        packet[0] = ComBinlogDump;
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(1), (uint)start.Position);
        BinaryPrimitives.WriteUInt16LittleEndian(packet.AsSpan(5), DumpNonBlocking);
        BinaryPrimitives.WriteUInt32LittleEndian(packet.AsSpan(7), serverId);
        name.CopyTo(packet.AsSpan(11));
        return packet;
    }
}
