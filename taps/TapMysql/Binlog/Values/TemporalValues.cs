using System.Buffers.Binary;

namespace TapMysql.Binlog.Values;

/// <summary>
/// DATE, DATETIME, TIMESTAMP and TIME as the binlog stores them, written as the server's own text for
/// CAST(col AS BINARY) (dates and datetimes, with as many fraction digits as the column has; TIMESTAMP in UTC,
/// the tap's session time zone) or as TIME ticks, the numbers <see cref="Sync.RowExtractor"/> stores.
/// Layouts: my_datetime_packed_from_binary and friends in MySQL's mysys/my_time.cc.
/// </summary>
internal static class TemporalValues
{
    /// <summary>"YYYY-MM-DD HH:MM:SS.ffffff".</summary>
    public const int MaxTextLength = 26;

    private const long DateTime2Offset = 0x80_0000_0000;
    private const long Time2IntegerOffset = 0x80_0000;
    private const long Time2Offset = 0x8000_0000_0000;

    /// <summary>DATE: 3 little-endian bytes, day | month &lt;&lt; 5 | year &lt;&lt; 9.</summary>
    public static int FormatDate(ReadOnlySpan<byte> data, Span<byte> output)
    {
        var value = data[0] | data[1] << 8 | data[2] << 16;
        return WriteDate(output, value >> 9, value >> 5 & 15, value & 31);
    }

    /// <summary>DATETIME2: 5 big-endian bytes (offset by 2³⁹) of year*13+month, day, hour, minute, second bit fields, then the fraction.</summary>
    public static int FormatDateTime2(ReadOnlySpan<byte> data, int fractionDigits, Span<byte> output)
    {
        var packed = ReadBigEndian(data[..5]) - DateTime2Offset;
        var date = packed >> 17;
        var time = packed & 0x1FFFF;
        var yearMonth = date >> 5;
        var length = WriteDate(output, (int)(yearMonth / 13), (int)(yearMonth % 13), (int)(date & 31));
        length += WriteTime(output[length..], (int)(time >> 12), (int)(time >> 6 & 63), (int)(time & 63));
        return length + WriteFraction(output[length..], Microseconds(data[5..], fractionDigits), fractionDigits);
    }

    /// <summary>TIMESTAMP2: 4 big-endian bytes of seconds since 1970 UTC, then the fraction; 0 is the zero timestamp.</summary>
    public static int FormatTimestamp2(ReadOnlySpan<byte> data, int fractionDigits, Span<byte> output)
    {
        var seconds = BinaryPrimitives.ReadUInt32BigEndian(data);
        return FormatUnixTime(seconds, Microseconds(data[4..], fractionDigits), fractionDigits, output);
    }

    /// <summary>The pre-5.6 TIMESTAMP: 4 little-endian bytes of seconds.</summary>
    public static int FormatTimestamp(ReadOnlySpan<byte> data, Span<byte> output) =>
        FormatUnixTime(BinaryPrimitives.ReadUInt32LittleEndian(data), 0, 0, output);

    /// <summary>The pre-5.6 DATETIME: 8 little-endian bytes holding the decimal number YYYYMMDDhhmmss.</summary>
    public static int FormatDateTime(ReadOnlySpan<byte> data, Span<byte> output)
    {
        var value = BinaryPrimitives.ReadInt64LittleEndian(data);
        var date = value / 1_000_000;
        var time = value % 1_000_000;
        var length = WriteDate(output, (int)(date / 10000), (int)(date / 100 % 100), (int)(date % 100));
        return length + WriteTime(output[length..], (int)(time / 10000), (int)(time / 100 % 100), (int)(time % 100));
    }

    /// <summary>
    /// TIME2 as ticks: 3 big-endian bytes (offset by 2²³) of sign, hour, minute, second bit fields, then the fraction.
    /// A negative time with a fraction stores its integer part rounded toward minus infinity and the fraction's
    /// complement (so the bytes sort in time order); the whole 6-byte form with 5-6 digits is simply offset.
    /// </summary>
    public static long Time2Ticks(ReadOnlySpan<byte> data, int fractionDigits)
    {
        long packed;
        switch (BinlogCell.FractionBytes(fractionDigits))
        {
            case 0:
                packed = (ReadBigEndian(data[..3]) - Time2IntegerOffset) << 24;
                break;
            case 1:
            {
                var integer = ReadBigEndian(data[..3]) - Time2IntegerOffset;
                long fraction = data[3];
                if (integer < 0 && fraction != 0)
                {
                    integer++;
                    fraction -= 0x100;
                }
                packed = (integer << 24) + fraction * 10000;
                break;
            }
            case 2:
            {
                var integer = ReadBigEndian(data[..3]) - Time2IntegerOffset;
                long fraction = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
                if (integer < 0 && fraction != 0)
                {
                    integer++;
                    fraction -= 0x10000;
                }
                packed = (integer << 24) + fraction * 100;
                break;
            }
            default:
                packed = ReadBigEndian(data[..6]) - Time2Offset;
                break;
        }
        var negative = packed < 0;
        var magnitude = Math.Abs(packed);
        var clock = magnitude >> 24;
        var microseconds = magnitude & 0xFFFFFF;
        var seconds = (clock >> 12 & 0x3FF) * 3600 + (clock >> 6 & 63) * 60 + (clock & 63);
        var ticks = seconds * TimeSpan.TicksPerSecond + microseconds * 10;
        return negative ? -ticks : ticks;
    }

    /// <summary>The pre-5.6 TIME: 3 little-endian bytes, a signed decimal number [-]HHHMMSS.</summary>
    public static long TimeTicks(ReadOnlySpan<byte> data)
    {
        var value = data[0] | data[1] << 8 | (sbyte)data[2] << 16;
        var magnitude = Math.Abs(value);
        var seconds = magnitude / 10000 * 3600L + magnitude / 100 % 100 * 60 + magnitude % 100;
        return (value < 0 ? -seconds : seconds) * TimeSpan.TicksPerSecond;
    }

    private static int FormatUnixTime(uint seconds, int microseconds, int fractionDigits, Span<byte> output)
    {
        if (seconds == 0)
        {
            var zero = WriteDate(output, 0, 0, 0);
            zero += WriteTime(output[zero..], 0, 0, 0);
            return zero + WriteFraction(output[zero..], microseconds, fractionDigits);
        }
        var time = DateTime.UnixEpoch.AddSeconds(seconds);
        var length = WriteDate(output, time.Year, time.Month, time.Day);
        length += WriteTime(output[length..], time.Hour, time.Minute, time.Second);
        return length + WriteFraction(output[length..], microseconds, fractionDigits);
    }

    /// <summary>The stored fraction in microseconds: 1, 2 or 3 big-endian bytes for 1-2, 3-4 or 5-6 digits.</summary>
    private static int Microseconds(ReadOnlySpan<byte> data, int fractionDigits) => BinlogCell.FractionBytes(fractionDigits) switch
    {
        0 => 0,
        1 => data[0] * 10000,
        2 => BinaryPrimitives.ReadUInt16BigEndian(data) * 100,
        _ => data[0] << 16 | data[1] << 8 | data[2],
    };

    private static long ReadBigEndian(ReadOnlySpan<byte> data)
    {
        long value = 0;
        foreach (var b in data)
        {
            value = value << 8 | b;
        }
        return value;
    }

    private static int WriteDate(Span<byte> output, int year, int month, int day)
    {
        WriteDigits(output, year, 4);
        output[4] = (byte)'-';
        WriteDigits(output[5..], month, 2);
        output[7] = (byte)'-';
        WriteDigits(output[8..], day, 2);
        return 10;
    }

    private static int WriteTime(Span<byte> output, int hour, int minute, int second)
    {
        output[0] = (byte)' ';
        WriteDigits(output[1..], hour, 2);
        output[3] = (byte)':';
        WriteDigits(output[4..], minute, 2);
        output[6] = (byte)':';
        WriteDigits(output[7..], second, 2);
        return 9;
    }

    /// <summary>".ffffff" cut to the column's digits (the server prints exactly that many), nothing for none.</summary>
    private static int WriteFraction(Span<byte> output, int microseconds, int fractionDigits)
    {
        if (fractionDigits == 0)
        {
            return 0;
        }
        Span<byte> six = stackalloc byte[6];
        WriteDigits(six, microseconds, 6);
        output[0] = (byte)'.';
        six[..fractionDigits].CopyTo(output[1..]);
        return fractionDigits + 1;
    }

    private static void WriteDigits(Span<byte> output, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            output[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }
}
