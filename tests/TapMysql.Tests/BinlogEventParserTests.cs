using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using TapMysql.Binlog;
using TapMysql.Binlog.Events;

namespace TapMysql.Tests;

/// <summary>The event parser on events built byte by byte: checksums, positions, unknown events, table maps and rows.</summary>
public sealed class BinlogEventParserTests
{
    private static readonly BinlogPosition Start = new("mysql-bin.000007", 4);

    /// <summary>A v4 event: 19-byte header, body, and a CRC32 over both when <paramref name="checksum"/>.</summary>
    private static byte[] Event(byte type, uint nextPosition, byte[] body, bool checksum = true, uint timestamp = 1_700_000_000)
    {
        var size = 19 + body.Length + (checksum ? 4 : 0);
        var data = new byte[size];
        BinaryPrimitives.WriteUInt32LittleEndian(data, timestamp);
        data[4] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(5), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(9), (uint)size);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(13), nextPosition);
        body.CopyTo(data, 19);
        if (checksum)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(size - 4), Crc32.HashToUInt32(data.AsSpan(0, size - 4)));
        }
        return data;
    }

    private static byte[] Xid(ulong xid)
    {
        var body = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(body, xid);
        return body;
    }

    [Fact]
    public void Parse_XidWithChecksum_EventAndEnd()
    {
        var parser = new BinlogEventParser(Start, checksums: true);

        var parsed = parser.Parse(Event(16, 500, Xid(42)));

        parsed.Should().BeOfType<XidEvent>().Which.Xid.Should().Be(42);
        parsed!.End.Should().Be(new BinlogPosition("mysql-bin.000007", 500));
        parsed.Timestamp.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        parser.Position.Should().Be(parsed.End);
    }

    [Fact]
    public void Parse_ChecksumMismatch_RejectedNamingPosition()
    {
        var parser = new BinlogEventParser(Start, checksums: true);
        var data = Event(16, 500, Xid(42));
        data[20] ^= 1;

        var act = () => parser.Parse(data);

        act.Should().Throw<BinlogProtocolException>()
            .WithMessage("binlog event at mysql-bin.000007:469 (type 16) fails its CRC32 check: logged 0x*, computed 0x*");
    }

    [Fact]
    public void Parse_UnknownEvent_SkippedByLength()
    {
        var parser = new BinlogEventParser(Start, checksums: true);

        parser.Parse(Event(200, 300, [1, 2, 3, 4, 5])).Should().BeNull();

        parser.Position.Should().Be(new BinlogPosition("mysql-bin.000007", 300));
        parser.Parse(Event(16, 331, Xid(7))).Should().BeOfType<XidEvent>();
    }

    [Fact]
    public void Parse_Rotate_NextFileFromThenOn()
    {
        var parser = new BinlogEventParser(Start, checksums: false);
        var body = new byte[8 + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(body, 4);
        Encoding.ASCII.GetBytes("mysql-bin.000008").CopyTo(body, 8);

        var rotate = parser.Parse(Event(4, 900, body, checksum: false));
        var xid = parser.Parse(Event(16, 400, Xid(1), checksum: false));

        rotate.Should().BeOfType<RotateEvent>().Which.End.Should().Be(new BinlogPosition("mysql-bin.000008", 4));
        xid!.End.Should().Be(new BinlogPosition("mysql-bin.000008", 400));
    }

    [Fact]
    public void Parse_FormatDescriptionWithoutChecksum_LaterEventsUnchecked()
    {
        var parser = new BinlogEventParser(Start, checksums: true);
        // binlog version, server version (50), create time, header length, post-header lengths, algorithm 0 (none), and a checksum slot.
        var body = new byte[2 + 50 + 4 + 1 + 10 + 1 + 4];
        body[0] = 4;
        body[56] = 19;

        parser.Parse(Event(15, 120, body, checksum: false)).Should().BeNull();

        parser.HasChecksums.Should().BeFalse();
        parser.Parse(Event(16, 151, Xid(9), checksum: false)).Should().BeOfType<XidEvent>().Which.Xid.Should().Be(9);
    }

    [Fact]
    public void Parse_TableMapAndWriteRows_RowsWalkedByType()
    {
        var parser = new BinlogEventParser(Start, checksums: true);
        // `db`.`t` (INT, VARCHAR(10), DECIMAL(5,2)), the last two nullable.
        var map = new List<byte>();
        map.AddRange([9, 0, 0, 0, 0, 0, 1, 0]);
        map.AddRange([2, (byte)'d', (byte)'b', 0, 1, (byte)'t', 0]);
        map.AddRange([3, 3, 15, 246]);
        map.AddRange([4, 10, 0, 5, 2]);
        map.Add(0b110);
        // Two rows: (1, 'ab', 1.50) and (2, NULL, NULL).
        var rows = new List<byte>();
        rows.AddRange([9, 0, 0, 0, 0, 0, 1, 0, 3, 0b111]);
        rows.AddRange([0b000, 1, 0, 0, 0, 2, (byte)'a', (byte)'b', 0x80, 0x01, 0x32]);
        rows.AddRange([0b110, 2, 0, 0, 0]);

        var table = parser.Parse(Event(19, 200, [.. map])).Should().BeOfType<TableMapEvent>().Subject;
        var write = parser.Parse(Event(23, 260, [.. rows])).Should().BeOfType<RowsEvent>().Subject;

        table.ColumnTypes.Should().Equal(BinlogColumnType.Long, BinlogColumnType.VarChar, BinlogColumnType.NewDecimal);
        table.ColumnMetadata.Should().Equal(0, 10, 5 << 8 | 2);
        table.ColumnNullable.Should().Equal(false, true, true);
        write.Kind.Should().Be(RowsEventKind.Insert);
        write.IsStatementEnd.Should().BeTrue();
        write.Rows.Select(r => r.Emitted.Data.Length).Should().Equal(1 + 4 + 3 + 3, 1 + 4);
    }

    [Theory]
    [InlineData(166, "log_bin_compress=ON")]
    [InlineData(40, "binlog_transaction_compression=ON")]
    [InlineData(39, "binlog_row_value_options=PARTIAL_JSON")]
    public void Parse_EventThatCannotBeSkipped_RefusedNamingSetting(byte type, string setting)
    {
        var parser = new BinlogEventParser(Start, checksums: true);

        var act = () => parser.Parse(Event(type, 300, [0, 0, 0, 0]));

        act.Should().Throw<BinlogProtocolException>().WithMessage($"binlog event at mysql-bin.000007:273 is *({setting}), which is not supported*");
    }

    [Fact]
    public void Parse_TableMapWithUnknownTypeMetadata_KeptButRowsRefused()
    {
        var parser = new BinlogEventParser(Start, checksums: true);
        // `db`.`v` (INT, type 242 with one metadata byte this reader does not know).
        byte[] map = [9, 0, 0, 0, 0, 0, 1, 0, 2, (byte)'d', (byte)'b', 0, 1, (byte)'v', 0, 2, 3, 242, 1, 16, 0b10];
        byte[] rows = [9, 0, 0, 0, 0, 0, 1, 0, 2, 0b11, 0b10, 1, 0, 0, 0];

        var table = parser.Parse(Event(19, 200, map)).Should().BeOfType<TableMapEvent>().Subject;
        var write = parser.Parse(Event(23, 260, rows)).Should().BeOfType<RowsEvent>().Subject;

        table.Problem.Should().Be("column metadata is 1 bytes but the column types (Long, 242) use 0");
        var walk = () => write.Rows.ToList();
        walk.Should().Throw<FormatException>().WithMessage("rows of `db`.`v` cannot be walked: column metadata is 1 bytes*");
    }

    [Fact]
    public void Parse_FormatDescriptionResentMidFile_PositionKept()
    {
        var parser = new BinlogEventParser(new BinlogPosition("mysql-bin.000007", 5000), checksums: true);
        var body = new byte[2 + 50 + 4 + 1 + 10 + 1];
        body[0] = 4;
        body[56] = 19;
        body[^1] = 1;

        parser.Parse(Event(15, 256, body)).Should().BeNull();

        parser.Position.Should().Be(new BinlogPosition("mysql-bin.000007", 5000));
        parser.HasChecksums.Should().BeTrue();
    }
}
