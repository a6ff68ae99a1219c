using System.Buffers.Binary;

namespace TapMysql.Binlog;

/// <summary>
/// How many bytes one non-NULL value of a column takes in a row image, from its logged type and metadata
/// (see <see cref="Events.TableMapEvent"/>): what lets a row be walked, and unselected columns skipped, without decoding.
/// https://dev.mysql.com/doc/dev/mysql-server/latest/classbinary__log_1_1Rows__event.html
/// </summary>
internal static class BinlogCell
{
    /// <summary>Bytes per number of leftover decimal digits in packed DECIMAL (nine digits take four bytes).</summary>
    private static readonly int[] DecimalDigitBytes = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];

    public static int Length(BinlogColumnType type, int metadata, ReadOnlySpan<byte> data) => type switch
    {
        BinlogColumnType.Tiny or BinlogColumnType.Year => 1,
        BinlogColumnType.Short => 2,
        BinlogColumnType.Int24 or BinlogColumnType.Date or BinlogColumnType.NewDate or BinlogColumnType.Time => 3,
        BinlogColumnType.Long or BinlogColumnType.Timestamp => 4,
        BinlogColumnType.LongLong or BinlogColumnType.DateTime => 8,
        BinlogColumnType.Float or BinlogColumnType.Double => metadata,
        BinlogColumnType.Time2 => 3 + FractionBytes(metadata),
        BinlogColumnType.Timestamp2 => 4 + FractionBytes(metadata),
        BinlogColumnType.DateTime2 => 5 + FractionBytes(metadata),
        BinlogColumnType.NewDecimal => DecimalLength(metadata >> 8, metadata & 0xFF),
        BinlogColumnType.Bit => (metadata + 7) / 8,
        BinlogColumnType.Enum or BinlogColumnType.Set => metadata,
        BinlogColumnType.String or BinlogColumnType.VarChar or BinlogColumnType.VarString => metadata > 255 ? 2 + BinaryPrimitives.ReadUInt16LittleEndian(data) : 1 + data[0],
        BinlogColumnType.Blob or BinlogColumnType.TinyBlob or BinlogColumnType.MediumBlob or BinlogColumnType.LongBlob
            or BinlogColumnType.Geometry or BinlogColumnType.Json => checked(metadata + (int)PrefixedLength(data, metadata)),
        BinlogColumnType.Null => 0,
        _ => throw new FormatException($"column type {(int)type} cannot be read from the binlog"),
    };

    /// <summary>TIME2, DATETIME2 and TIMESTAMP2 store 1, 2 or 3 big-endian bytes of fraction for 1-2, 3-4, 5-6 digits.</summary>
    public static int FractionBytes(int digits) => (digits + 1) / 2;

    public static int DecimalLength(int precision, int scale)
    {
        var integerDigits = precision - scale;
        return integerDigits / 9 * 4 + DecimalDigitBytes[integerDigits % 9] + scale / 9 * 4 + DecimalDigitBytes[scale % 9];
    }

    /// <summary>A little-endian length of 1 to 4 bytes (BLOB, TEXT, JSON).</summary>
    public static uint PrefixedLength(ReadOnlySpan<byte> data, int prefixBytes) => prefixBytes switch
    {
        1 => data[0],
        2 => BinaryPrimitives.ReadUInt16LittleEndian(data),
        3 => (uint)(data[0] | data[1] << 8 | data[2] << 16),
        4 => BinaryPrimitives.ReadUInt32LittleEndian(data),
        _ => throw new FormatException($"BLOB length prefix of {prefixBytes} bytes"),
    };
}
