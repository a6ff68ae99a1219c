using TapMysql.Binlog.Protocol;

namespace TapMysql.Binlog.Events;

/// <summary>
/// Which table the next rows events belong to, and each column's type code, type metadata and nullability, as logged.
/// Metadata is normalised per type: the maximum byte length of VARCHAR and CHAR, the length-prefix size of BLOB/TEXT/JSON,
/// the byte size of FLOAT/DOUBLE and of an ENUM/SET value, precision &lt;&lt; 8 | scale of DECIMAL, the bit count of BIT,
/// the fraction digits of TIME2/DATETIME2/TIMESTAMP2. A CHAR column whose real type is ENUM or SET (as MariaDB logs them)
/// is reported with that real type.
/// https://dev.mysql.com/doc/dev/mysql-server/latest/classbinary__log_1_1Table__map__event.html
/// </summary>
internal sealed record TableMapEvent(
    DateTimeOffset Timestamp,
    BinlogPosition End,
    ulong TableId,
    string Database,
    string Table,
    IReadOnlyList<BinlogColumnType> ColumnTypes,
    IReadOnlyList<int> ColumnMetadata,
    IReadOnlyList<bool> ColumnNullable) : BinlogEvent(Timestamp, End)
{
    public int ColumnCount => ColumnTypes.Count;

    /// <summary>
    /// Why this map's column layout cannot be trusted (a column type whose metadata this reader does not know),
    /// or null. Such a map is kept rather than refused so a table that is not replicated does not stop the read;
    /// walking its rows throws.
    /// </summary>
    public string? Problem { get; init; }

    public static TableMapEvent Read(ReadOnlySpan<byte> body, DateTimeOffset timestamp, BinlogPosition end)
    {
        var reader = new PacketReader(body);
        var tableId = reader.ReadUInt48();
        reader.Skip(2); // flags
        var database = reader.ReadString(reader.ReadByte());
        reader.Skip(1);
        var table = reader.ReadString(reader.ReadByte());
        reader.Skip(1);
        var count = reader.ReadLength();
        var types = new BinlogColumnType[count];
        for (var i = 0; i < count; i++)
        {
            types[i] = (BinlogColumnType)reader.ReadByte();
        }
        var metadata = new int[count];
        var problem = ReadMetadata(reader.ReadBytes(reader.ReadLength()), types, metadata);
        var nullBits = reader.ReadBytes((count + 7) / 8);
        var nullable = new bool[count];
        for (var i = 0; i < count; i++)
        {
            nullable[i] = (nullBits[i >> 3] & (1 << (i & 7))) != 0;
        }
        // Optional metadata (signedness, charsets, names) may follow; column facts come from information_schema instead.
        return new TableMapEvent(timestamp, end, tableId, database, table, types, metadata, nullable) { Problem = problem };
    }

    /// <summary>Each column's metadata, normalised; a description of the mismatch when the types do not account for every byte.</summary>
    private static string? ReadMetadata(ReadOnlySpan<byte> bytes, BinlogColumnType[] types, int[] metadata)
    {
        var reader = new PacketReader(bytes);
        try
        {
            for (var i = 0; i < types.Length; i++)
            {
                metadata[i] = ReadMetadata(ref reader, ref types[i]);
            }
        }
        catch (FormatException ex)
        {
            return $"column metadata does not fit the column types ({string.Join(", ", types)}): {ex.Message}";
        }
        return reader.Remaining == 0
            ? null
            : $"column metadata is {bytes.Length} bytes but the column types ({string.Join(", ", types)}) use {reader.Offset}";
    }

    private static int ReadMetadata(ref PacketReader reader, ref BinlogColumnType type)
    {
        switch (type)
        {
            case BinlogColumnType.Float or BinlogColumnType.Double or BinlogColumnType.Blob or BinlogColumnType.TinyBlob
                or BinlogColumnType.MediumBlob or BinlogColumnType.LongBlob or BinlogColumnType.Geometry or BinlogColumnType.Json
                or BinlogColumnType.Timestamp2 or BinlogColumnType.DateTime2 or BinlogColumnType.Time2:
                return reader.ReadByte();
            case BinlogColumnType.VarChar or BinlogColumnType.VarString:
                return reader.ReadUInt16();
            case BinlogColumnType.Bit:
            {
                var bits = reader.ReadByte();
                var bytes = reader.ReadByte();
                return bytes * 8 + bits;
            }
            case BinlogColumnType.NewDecimal:
            {
                var precision = reader.ReadByte();
                return precision << 8 | reader.ReadByte();
            }
            case BinlogColumnType.String or BinlogColumnType.Enum or BinlogColumnType.Set:
                return ReadStringMetadata(ref reader, ref type);
            default:
                return 0;
        }
    }

    /// <summary>
    /// CHAR-like columns log their real type and a length byte; a length over 255 borrows two inverted bits of the type byte.
    /// </summary>
    private static int ReadStringMetadata(ref PacketReader reader, ref BinlogColumnType type)
    {
        int realType = reader.ReadByte();
        int length = reader.ReadByte();
        if ((realType & 0x30) != 0x30)
        {
            length |= ((realType & 0x30) ^ 0x30) << 4;
            realType |= 0x30;
        }
        type = (BinlogColumnType)realType switch
        {
            BinlogColumnType.Enum => BinlogColumnType.Enum,
            BinlogColumnType.Set => BinlogColumnType.Set,
            _ => BinlogColumnType.String,
        };
        return length;
    }
}
