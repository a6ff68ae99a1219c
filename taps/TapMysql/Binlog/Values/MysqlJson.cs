using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace TapMysql.Binlog.Values;

/// <summary>
/// MySQL's binary JSON (column type 245), written as the text MySQL gives for the document: <c>{"k": v, "k2": [1, 2]}</c>,
/// members in stored order, doubles as MySQL's my_gcvt prints them, DECIMAL and
/// temporal values as MySQL prints them. The layout is the one documented in MySQL's sql-common/json_binary.h: a type
/// byte, then for objects and arrays a count, a size, key entries (offset, length), value entries (type, offset or
/// inlined value) with offsets from the container's start; strings with a 7-bits-per-byte length.
/// Verified on byte vectors only: no MySQL server runs in this project's tests (MariaDB logs JSON as text).
/// </summary>
internal static class MysqlJson
{
    private const byte SmallObject = 0x00;
    private const byte LargeObject = 0x01;
    private const byte SmallArray = 0x02;
    private const byte LargeArray = 0x03;
    private const byte Literal = 0x04;
    private const byte Int16 = 0x05;
    private const byte UInt16 = 0x06;
    private const byte Int32 = 0x07;
    private const byte UInt32 = 0x08;
    private const byte Int64 = 0x09;
    private const byte UInt64 = 0x0A;
    private const byte Double = 0x0B;
    private const byte String = 0x0C;
    private const byte Opaque = 0x0F;

    /// <summary>Containers nest at most this deep in MySQL (its JSON depth limit is 100).</summary>
    private const int MaxDepth = 150;

    public static int Write(ReadOnlySpan<byte> document, Sync.RowBatch batch)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(16, document.Length * 2));
        if (document.Length > 0)
        {
            // An empty document is how MySQL logs a JSON NULL set by some statements; it prints as null.
            WriteValue(document[0], document[1..], output, 0);
        }
        else
        {
            Append(output, "null"u8);
        }
        CellWriter.Reserve(batch, output.WrittenCount);
        output.WrittenSpan.CopyTo(batch.Arena.AsSpan(batch.ArenaUsed));
        return output.WrittenCount;
    }

    /// <summary>Decodes one document to its text (for tests and diagnostics).</summary>
    public static string ToText(ReadOnlySpan<byte> document)
    {
        var batch = new Sync.RowBatch(1, 1);
        var length = Write(document, batch);
        return Encoding.UTF8.GetString(batch.Arena, batch.ArenaUsed, length);
    }

    private static void WriteValue(byte type, ReadOnlySpan<byte> data, ArrayBufferWriter<byte> output, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException("JSON document nests too deep");
        }
        switch (type)
        {
            case SmallObject or LargeObject: WriteContainer(data, type == LargeObject, isObject: true, output, depth); break;
            case SmallArray or LargeArray: WriteContainer(data, type == LargeArray, isObject: false, output, depth); break;
            case Literal: WriteLiteral(data[0], output); break;
            case Int16: AppendNumber(output, BinaryPrimitives.ReadInt16LittleEndian(data)); break;
            case UInt16: AppendNumber(output, BinaryPrimitives.ReadUInt16LittleEndian(data)); break;
            case Int32: AppendNumber(output, BinaryPrimitives.ReadInt32LittleEndian(data)); break;
            case UInt32: AppendNumber(output, BinaryPrimitives.ReadUInt32LittleEndian(data)); break;
            case Int64: AppendNumber(output, BinaryPrimitives.ReadInt64LittleEndian(data)); break;
            case UInt64: Append(output, Encoding.ASCII.GetBytes(BinaryPrimitives.ReadUInt64LittleEndian(data).ToString(CultureInfo.InvariantCulture))); break;
            case Double: WriteDouble(BinaryPrimitives.ReadDoubleLittleEndian(data), output); break;
            case String:
            {
                var length = ReadVariableLength(data, out var used);
                WriteString(data.Slice(used, length), output);
                break;
            }
            case Opaque:
            {
                var length = ReadVariableLength(data[1..], out var used);
                WriteOpaque(data[0], data.Slice(1 + used, length), output);
                break;
            }
            default:
                throw new FormatException($"JSON value type 0x{type:X2} is unknown");
        }
    }

    private static void WriteContainer(ReadOnlySpan<byte> data, bool large, bool isObject, ArrayBufferWriter<byte> output, int depth)
    {
        var offsetSize = large ? 4 : 2;
        var count = (int)ReadOffset(data, large);
        var size = (int)ReadOffset(data[offsetSize..], large);
        if (size > data.Length)
        {
            throw new FormatException($"JSON container of {size} bytes in {data.Length}");
        }
        var keyEntries = 2 * offsetSize;
        var valueEntries = keyEntries + (isObject ? count * (offsetSize + 2) : 0);
        Append(output, isObject ? "{"u8 : "["u8);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                Append(output, ", "u8);
            }
            if (isObject)
            {
                var keyEntry = data[(keyEntries + i * (offsetSize + 2))..];
                var keyOffset = (int)ReadOffset(keyEntry, large);
                var keyLength = BinaryPrimitives.ReadUInt16LittleEndian(keyEntry[offsetSize..]);
                WriteString(data.Slice(keyOffset, keyLength), output);
                Append(output, ": "u8);
            }
            var valueEntry = data[(valueEntries + i * (1 + offsetSize))..];
            var type = valueEntry[0];
            if (IsInlined(type, large))
            {
                WriteValue(type, valueEntry[1..], output, depth + 1);
            }
            else
            {
                WriteValue(type, data[(int)ReadOffset(valueEntry[1..], large)..size], output, depth + 1);
            }
        }
        Append(output, isObject ? "}"u8 : "]"u8);
    }

    /// <summary>Literals and 16-bit integers sit in the value entry itself; in large containers 32-bit integers too.</summary>
    private static bool IsInlined(byte type, bool large) =>
        type is Literal or Int16 or UInt16 || (large && type is Int32 or UInt32);

    private static void WriteLiteral(byte literal, ArrayBufferWriter<byte> output) => Append(output, literal switch
    {
        0 => "null"u8,
        1 => "true"u8,
        2 => "false"u8,
        _ => throw new FormatException($"JSON literal 0x{literal:X2} is unknown"),
    });

    /// <summary>
    /// A double as MySQL's my_gcvt prints it in JSON: the shortest digits that read back as the same double, in
    /// positional notation when the decimal point falls from 14 places left of the first digit to 15 places right
    /// of it (or the number has a fraction), else as d.ddde[-]x; ".0" is added when neither a point nor an exponent shows.
    /// </summary>
    private static void WriteDouble(double value, ArrayBufferWriter<byte> output)
    {
        var (negative, digits, point) = ShortestDigits(value);
        var text = new StringBuilder();
        if (negative)
        {
            text.Append('-');
        }
        if (point is >= -14 and <= 15 || (point > 15 && digits.Length > point))
        {
            if (point <= 0)
            {
                text.Append("0.").Append('0', -point).Append(digits);
            }
            else if (point < digits.Length)
            {
                text.Append(digits.AsSpan(0, point)).Append('.').Append(digits.AsSpan(point));
            }
            else
            {
                text.Append(digits).Append('0', point - digits.Length).Append(".0");
            }
        }
        else
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits.AsSpan(1));
            }
            text.Append('e').Append((point - 1).ToString(CultureInfo.InvariantCulture));
        }
        Append(output, Encoding.ASCII.GetBytes(text.ToString()));
    }

    /// <summary>
    /// The shortest round-trip significant digits of <paramref name="value"/> (no leading or trailing zeros; "0" for zero)
    /// and where the decimal point goes: value = 0.digits × 10^point.
    /// </summary>
    private static (bool Negative, string Digits, int Point) ShortestDigits(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        text = text.TrimStart('-');
        var exponent = 0;
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e >= 0)
        {
            exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot >= 0 ? dot : text.Length;
        var all = text.Replace(".", "", StringComparison.Ordinal);
        var leading = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        return digits.Length == 0 ? (negative, "0", 1) : (negative, digits, integerDigits - leading + exponent);
    }

    /// <summary>A JSON string as MySQL quotes it: quote, backslash and control characters escaped, everything else as is.</summary>
    private static void WriteString(ReadOnlySpan<byte> utf8, ArrayBufferWriter<byte> output)
    {
        Append(output, "\""u8);
        foreach (var b in utf8)
        {
            switch (b)
            {
                case (byte)'"': Append(output, "\\\""u8); break;
                case (byte)'\\': Append(output, "\\\\"u8); break;
                case (byte)'\b': Append(output, "\\b"u8); break;
                case (byte)'\f': Append(output, "\\f"u8); break;
                case (byte)'\n': Append(output, "\\n"u8); break;
                case (byte)'\r': Append(output, "\\r"u8); break;
                case (byte)'\t': Append(output, "\\t"u8); break;
                case < 0x20: Append(output, Encoding.ASCII.GetBytes($"\\u00{b:x2}")); break;
                default: output.GetSpan(1)[0] = b; output.Advance(1); break;
            }
        }
        Append(output, "\""u8);
    }

    /// <summary>Values of other MySQL types inside a document: DECIMAL as a number, dates and times as strings, others as base64.</summary>
    private static void WriteOpaque(byte fieldType, ReadOnlySpan<byte> data, ArrayBufferWriter<byte> output)
    {
        switch ((BinlogColumnType)fieldType)
        {
            case BinlogColumnType.NewDecimal:
            {
                Span<byte> text = stackalloc byte[PackedDecimal.MaxTextLength];
                Append(output, text[..PackedDecimal.Format(data[2..], data[0], data[1], text)]);
                break;
            }
            case BinlogColumnType.Date or BinlogColumnType.DateTime or BinlogColumnType.Timestamp or BinlogColumnType.Time:
                Append(output, "\""u8);
                Append(output, Encoding.ASCII.GetBytes(PackedTemporal((BinlogColumnType)fieldType, BinaryPrimitives.ReadInt64LittleEndian(data))));
                Append(output, "\""u8);
                break;
            default:
                Append(output, Encoding.ASCII.GetBytes($"\"base64:type{fieldType}:{Convert.ToBase64String(data)}\""));
                break;
        }
    }

    /// <summary>MySQL's in-memory packed temporal: (date and clock bit fields) &lt;&lt; 24 | microseconds, negated for negative times.</summary>
    private static string PackedTemporal(BinlogColumnType type, long packed)
    {
        var negative = packed < 0;
        var magnitude = Math.Abs(packed);
        var microseconds = magnitude & 0xFFFFFF;
        var fields = magnitude >> 24;
        var clock = fields & 0x1FFFF;
        var hour = clock >> 12;
        var minute = clock >> 6 & 63;
        var second = clock & 63;
        if (type == BinlogColumnType.Time)
        {
            // A TIME keeps its hours in the bits above the clock's.
            hour = fields >> 12;
            return $"{(negative ? "-" : "")}{hour:00}:{minute:00}:{second:00}.{microseconds:000000}";
        }
        var date = fields >> 17;
        var yearMonth = date >> 5;
        var day = date & 31;
        var ymd = $"{yearMonth / 13:0000}-{yearMonth % 13:00}-{day:00}";
        return type == BinlogColumnType.Date ? ymd : $"{ymd} {hour:00}:{minute:00}:{second:00}.{microseconds:000000}";
    }

    private static int ReadVariableLength(ReadOnlySpan<byte> data, out int used)
    {
        var length = 0;
        for (used = 0; used < 5; used++)
        {
            var b = data[used];
            length |= (b & 0x7F) << (7 * used);
            if ((b & 0x80) == 0)
            {
                used++;
                return length;
            }
        }
        throw new FormatException("JSON string length runs over 5 bytes");
    }

    private static uint ReadOffset(ReadOnlySpan<byte> data, bool large) =>
        large ? BinaryPrimitives.ReadUInt32LittleEndian(data) : BinaryPrimitives.ReadUInt16LittleEndian(data);

    private static void AppendNumber(ArrayBufferWriter<byte> output, long value) =>
        Append(output, Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture)));

    private static void Append(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> bytes) => output.Write(bytes);
}
