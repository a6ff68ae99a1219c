using System.Buffers.Binary;
using System.Text;

namespace TapMysql.Binlog.Protocol;

/// <summary>
/// A forward reader over one packet or event body: little-endian fixed integers, length-encoded integers
/// and strings, as https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_data_types.html
/// describes. Running past the end throws a <see cref="FormatException"/> naming the offset.
/// </summary>
internal ref struct PacketReader
{
    private readonly ReadOnlySpan<byte> _data;

    public PacketReader(ReadOnlySpan<byte> data)
    {
        _data = data;
        Offset = 0;
    }

    public int Offset { get; private set; }

    public readonly int Remaining => _data.Length - Offset;

    public readonly ReadOnlySpan<byte> Rest => _data[Offset..];

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint ReadUInt24()
    {
        var bytes = Take(3);
        return (uint)(bytes[0] | bytes[1] << 8 | bytes[2] << 16);
    }

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong ReadUInt48()
    {
        var bytes = Take(6);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes) | (ulong)BinaryPrimitives.ReadUInt16LittleEndian(bytes[4..]) << 32;
    }

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>A length-encoded integer: one byte below 0xFB, else a 0xFC/0xFD/0xFE prefix and 2, 3 or 8 bytes.</summary>
    public ulong ReadLengthEncoded()
    {
        var first = ReadByte();
        return first switch
        {
            < 0xFB => first,
            0xFC => ReadUInt16(),
            0xFD => ReadUInt24(),
            0xFE => ReadUInt64(),
            _ => throw new FormatException($"invalid length-encoded integer 0x{first:X2} at offset {Offset - 1}"),
        };
    }

    public int ReadLength()
    {
        var at = Offset;
        var length = ReadLengthEncoded();
        return length <= int.MaxValue ? (int)length : throw new FormatException($"length {length} at offset {at} is too large");
    }

    public ReadOnlySpan<byte> ReadBytes(int count) => Take(count);

    public ReadOnlySpan<byte> ReadNullTerminated()
    {
        var end = _data[Offset..].IndexOf((byte)0);
        if (end < 0)
        {
            throw new FormatException($"string at offset {Offset} has no terminating zero");
        }
        var value = _data.Slice(Offset, end);
        Offset += end + 1;
        return value;
    }

    public string ReadNullTerminatedString() => Encoding.UTF8.GetString(ReadNullTerminated());

    public string ReadString(int count) => Encoding.UTF8.GetString(Take(count));

    public void Skip(int count) => Take(count);

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _data.Length - Offset)
        {
            throw new FormatException($"need {count} bytes at offset {Offset} but only {_data.Length - Offset} remain");
        }
        var value = _data.Slice(Offset, count);
        Offset += count;
        return value;
    }
}
