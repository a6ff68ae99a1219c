using System.Buffers.Binary;
using System.Text;
using TapMysql.Sync;
using TapMysql.Types;

namespace TapMysql.Binlog.Values;

/// <summary>
/// Decodes one selected column's binlog values into <see cref="RowBatch"/> cells of the same form
/// <see cref="RowExtractor"/> gives its SELECT values: numbers for integers, booleans, floats, YEAR and TIME;
/// the server's text for DECIMAL and dates; UTF-8 for text; raw bytes for binary.
/// </summary>
internal sealed class ColumnDecoder
{
    private readonly SyncColumn _column;
    private readonly Encoding? _encoding;
    private readonly EnumValues? _enumValues;

    /// <summary>Cached: <see cref="Discovery.ColumnInfo.IsUnsigned"/> searches the type text on every call.</summary>
    private readonly bool _unsigned;

    private readonly ColumnKind _kind;

    public ColumnDecoder(SyncColumn column)
    {
        _column = column;
        var info = column.Info;
        _unsigned = info.IsUnsigned;
        _kind = column.Kind;
        if (column.Kind is ColumnKind.String or ColumnKind.Json or ColumnKind.JsonText)
        {
            _encoding = TextValues.EncodingFor(info.CharacterSet, info.Name);
        }
        if (info.DataType.Equals("enum", StringComparison.OrdinalIgnoreCase) || info.DataType.Equals("set", StringComparison.OrdinalIgnoreCase))
        {
            _enumValues = EnumValues.Parse(info.ColumnType);
        }
    }

    public string Name => _column.Name;

    /// <summary>Whether values logged with <paramref name="type"/> can be this column's (false after an ALTER changed it).</summary>
    public bool Accepts(BinlogColumnType type) => _column.Kind switch
    {
        ColumnKind.SignedInteger or ColumnKind.UnsignedBigInt => IsInteger(type),
        ColumnKind.Boolean => IsInteger(type) || type == BinlogColumnType.Bit,
        ColumnKind.Bit => type == BinlogColumnType.Bit,
        ColumnKind.Year => type == BinlogColumnType.Year,
        ColumnKind.Float => type == BinlogColumnType.Float,
        ColumnKind.Double => type == BinlogColumnType.Double,
        ColumnKind.Decimal => type == BinlogColumnType.NewDecimal,
        ColumnKind.Date => type is BinlogColumnType.Date or BinlogColumnType.NewDate,
        ColumnKind.DateTime => type is BinlogColumnType.DateTime2 or BinlogColumnType.Timestamp2 or BinlogColumnType.DateTime or BinlogColumnType.Timestamp,
        ColumnKind.Time => type is BinlogColumnType.Time2 or BinlogColumnType.Time,
        ColumnKind.String => IsText(type) || (_enumValues is not null && type is BinlogColumnType.Enum or BinlogColumnType.Set),
        ColumnKind.Binary => IsText(type),
        ColumnKind.Json or ColumnKind.JsonText => IsText(type) || type == BinlogColumnType.Json,
        _ => false,
    };

    /// <summary>Decodes <paramref name="value"/> (exactly one value's bytes) into <paramref name="cell"/>.</summary>
    public void Decode(BinlogColumnType type, int metadata, ReadOnlySpan<byte> value, RowBatch batch, int cell)
    {
        batch.Lengths[cell] = 0;
        switch (type)
        {
            case BinlogColumnType.Tiny or BinlogColumnType.Short or BinlogColumnType.Int24 or BinlogColumnType.Long or BinlogColumnType.LongLong:
                var integer = Integer(value, _unsigned);
                batch.Numbers[cell] = _kind == ColumnKind.Boolean ? (integer != 0 ? 1 : 0) : integer;
                break;
            case BinlogColumnType.Year:
                batch.Numbers[cell] = value[0] == 0 ? 0 : 1900 + value[0];
                break;
            case BinlogColumnType.Float:
                batch.Numbers[cell] = BinaryPrimitives.ReadInt32LittleEndian(value);
                break;
            case BinlogColumnType.Double:
                batch.Numbers[cell] = BinaryPrimitives.ReadInt64LittleEndian(value);
                break;
            case BinlogColumnType.Bit:
                var bits = BigEndian(value);
                batch.Numbers[cell] = _kind == ColumnKind.Boolean ? (bits != 0 ? 1 : 0) : unchecked((long)bits);
                break;
            case BinlogColumnType.Time2:
                batch.Numbers[cell] = TemporalValues.Time2Ticks(value, metadata);
                break;
            case BinlogColumnType.Time:
                batch.Numbers[cell] = TemporalValues.TimeTicks(value);
                break;
            case BinlogColumnType.NewDecimal:
                CellWriter.Commit(batch, cell, PackedDecimal.Format(value, metadata >> 8, metadata & 0xFF, CellWriter.Reserve(batch, PackedDecimal.MaxTextLength)));
                break;
            case BinlogColumnType.Date or BinlogColumnType.NewDate:
                CellWriter.Commit(batch, cell, TemporalValues.FormatDate(value, CellWriter.Reserve(batch, TemporalValues.MaxTextLength)));
                break;
            case BinlogColumnType.DateTime2:
                CellWriter.Commit(batch, cell, TemporalValues.FormatDateTime2(value, metadata, CellWriter.Reserve(batch, TemporalValues.MaxTextLength)));
                break;
            case BinlogColumnType.Timestamp2:
                CellWriter.Commit(batch, cell, TemporalValues.FormatTimestamp2(value, metadata, CellWriter.Reserve(batch, TemporalValues.MaxTextLength)));
                break;
            case BinlogColumnType.DateTime:
                CellWriter.Commit(batch, cell, TemporalValues.FormatDateTime(value, CellWriter.Reserve(batch, TemporalValues.MaxTextLength)));
                break;
            case BinlogColumnType.Timestamp:
                CellWriter.Commit(batch, cell, TemporalValues.FormatTimestamp(value, CellWriter.Reserve(batch, TemporalValues.MaxTextLength)));
                break;
            case BinlogColumnType.Enum:
                CellWriter.Write(batch, cell, Enums.Enum((long)LittleEndian(value)));
                break;
            case BinlogColumnType.Set:
                CellWriter.Commit(batch, cell, Enums.Set(LittleEndian(value), batch));
                break;
            case BinlogColumnType.String or BinlogColumnType.VarChar or BinlogColumnType.VarString:
                WriteText(value[(metadata > 255 ? 2 : 1)..], batch, cell, isChar: type == BinlogColumnType.String);
                break;
            case BinlogColumnType.Blob or BinlogColumnType.TinyBlob or BinlogColumnType.MediumBlob or BinlogColumnType.LongBlob:
                WriteText(value[metadata..], batch, cell, isChar: false);
                break;
            case BinlogColumnType.Json:
                CellWriter.Commit(batch, cell, MysqlJson.Write(value[metadata..], batch));
                break;
            default:
                throw new FormatException($"column '{_column.Name}': binlog type {type} is not decoded");
        }
    }

    private EnumValues Enums => _enumValues ?? throw new FormatException($"column '{_column.Name}' is logged as ENUM/SET but its type is {_column.Info.ColumnType}");

    /// <summary>
    /// Text in UTF-8 and binary as is. The server pads CHAR with spaces and BINARY(n) with zero bytes but logs them
    /// without the padding; a SELECT gives CHAR without and BINARY(n) with it, so BINARY(n) gets its zeros back.
    /// </summary>
    private void WriteText(ReadOnlySpan<byte> bytes, RowBatch batch, int cell, bool isChar)
    {
        if (_kind == ColumnKind.Binary)
        {
            var width = isChar ? (int)(_column.Info.CharacterMaximumLength ?? bytes.Length) : bytes.Length;
            var output = CellWriter.Reserve(batch, Math.Max(width, bytes.Length));
            output.Clear();
            bytes.CopyTo(output);
            CellWriter.Commit(batch, cell, output.Length);
            return;
        }
        var start = batch.ArenaUsed;
        var written = _encoding is null ? CopyUtf8(bytes, batch) : TextValues.Convert(_encoding, bytes, batch);
        if (isChar)
        {
            // Multi-byte character sets (ucs2, utf16) pad with their own space, visible only after conversion.
            while (written > 0 && batch.Arena[start + written - 1] == (byte)' ')
            {
                written--;
            }
        }
        CellWriter.Commit(batch, cell, written);
    }

    private static int CopyUtf8(ReadOnlySpan<byte> bytes, RowBatch batch)
    {
        bytes.CopyTo(CellWriter.Reserve(batch, bytes.Length));
        return bytes.Length;
    }

    private static long Integer(ReadOnlySpan<byte> value, bool unsigned) => value.Length switch
    {
        1 => unsigned ? value[0] : (sbyte)value[0],
        2 => unsigned ? BinaryPrimitives.ReadUInt16LittleEndian(value) : BinaryPrimitives.ReadInt16LittleEndian(value),
        3 => unsigned ? value[0] | value[1] << 8 | value[2] << 16 : value[0] | value[1] << 8 | (sbyte)value[2] << 16,
        4 => unsigned ? BinaryPrimitives.ReadUInt32LittleEndian(value) : BinaryPrimitives.ReadInt32LittleEndian(value),
        _ => BinaryPrimitives.ReadInt64LittleEndian(value),
    };

    private static ulong BigEndian(ReadOnlySpan<byte> value)
    {
        ulong result = 0;
        foreach (var b in value)
        {
            result = result << 8 | b;
        }
        return result;
    }

    private static ulong LittleEndian(ReadOnlySpan<byte> value)
    {
        ulong result = 0;
        for (var i = value.Length - 1; i >= 0; i--)
        {
            result = result << 8 | value[i];
        }
        return result;
    }

    private static bool IsInteger(BinlogColumnType type) =>
        type is BinlogColumnType.Tiny or BinlogColumnType.Short or BinlogColumnType.Int24 or BinlogColumnType.Long or BinlogColumnType.LongLong;

    private static bool IsText(BinlogColumnType type) =>
        type is BinlogColumnType.String or BinlogColumnType.VarChar or BinlogColumnType.VarString
            or BinlogColumnType.Blob or BinlogColumnType.TinyBlob or BinlogColumnType.MediumBlob or BinlogColumnType.LongBlob;
}
