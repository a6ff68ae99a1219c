using System.Buffers.Binary;

namespace TapMysql.Binlog.Values;

/// <summary>
/// DECIMAL as the binlog stores it: base-10⁹ groups in big-endian bytes, the integer part's leftover digits first
/// and the fraction's last, negative values with every bit inverted and the sign in the top bit of the first byte.
/// Written back as the text the server gives for CAST(col AS BINARY): no leading zeros, exactly <c>scale</c> fraction digits.
/// See decimal2bin in MySQL's strings/decimal.cc for the layout.
/// </summary>
internal static class PackedDecimal
{
    /// <summary>The longest text: 65 digits, a sign and a point.</summary>
    public const int MaxTextLength = 67;

    private const int GroupDigits = 9;

    private static readonly int[] DigitBytes = [0, 1, 1, 2, 2, 3, 3, 4, 4, 4];

    /// <summary>Writes the text of the value in <paramref name="packed"/> to <paramref name="output"/>; returns its length.</summary>
    public static int Format(ReadOnlySpan<byte> packed, int precision, int scale, Span<byte> output)
    {
        var size = BinlogCell.DecimalLength(precision, scale);
        if (packed.Length < size)
        {
            throw new FormatException($"DECIMAL({precision},{scale}) needs {size} bytes, {packed.Length} remain");
        }
        Span<byte> bytes = stackalloc byte[size];
        packed[..size].CopyTo(bytes);
        var negative = (bytes[0] & 0x80) == 0;
        bytes[0] ^= 0x80;
        if (negative)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)~bytes[i];
            }
        }
        // All digits in order, then trimmed: integer digits, fraction digits.
        var integerDigits = precision - scale;
        Span<byte> digits = stackalloc byte[integerDigits + scale];
        var offset = 0;
        var written = 0;
        written += Group(bytes, ref offset, integerDigits % GroupDigits, digits[written..]);
        for (var i = 0; i < integerDigits / GroupDigits; i++)
        {
            written += Group(bytes, ref offset, GroupDigits, digits[written..]);
        }
        for (var i = 0; i < scale / GroupDigits; i++)
        {
            written += Group(bytes, ref offset, GroupDigits, digits[written..]);
        }
        Group(bytes, ref offset, scale % GroupDigits, digits[written..]);

        var length = 0;
        if (negative)
        {
            output[length++] = (byte)'-';
        }
        var integer = digits[..integerDigits];
        var firstNonZero = integer.IndexOfAnyExcept((byte)'0');
        if (firstNonZero < 0)
        {
            output[length++] = (byte)'0';
        }
        else
        {
            integer[firstNonZero..].CopyTo(output[length..]);
            length += integer.Length - firstNonZero;
        }
        if (scale > 0)
        {
            output[length++] = (byte)'.';
            digits[integerDigits..].CopyTo(output[length..]);
            length += scale;
        }
        return length;
    }

    /// <summary>Reads a group of <paramref name="count"/> digits (big-endian in 0-4 bytes) as ASCII digits.</summary>
    private static int Group(ReadOnlySpan<byte> bytes, ref int offset, int count, Span<byte> digits)
    {
        if (count == 0)
        {
            return 0;
        }
        var width = DigitBytes[count];
        var value = width switch
        {
            1 => bytes[offset],
            2 => BinaryPrimitives.ReadUInt16BigEndian(bytes[offset..]),
            3 => bytes[offset] << 16 | bytes[offset + 1] << 8 | bytes[offset + 2],
            _ => (int)BinaryPrimitives.ReadUInt32BigEndian(bytes[offset..]),
        };
        offset += width;
        for (var i = count - 1; i >= 0; i--)
        {
            digits[i] = (byte)('0' + value % 10);
            value /= 10;
        }
        return count;
    }
}
