using TapMysql.Binlog.Protocol;

namespace TapMysql.Binlog.Events;

/// <summary>
/// WRITE/UPDATE/DELETE_ROWS (v1 and v2): the rows changed by one statement in one table. The rows are
/// walked lazily by <see cref="Rows"/>, so a rows event of a table the tap does not replicate costs nothing
/// beyond reading its bytes, and a huge event is decoded row by row.
/// Body: table id (6), flags (2), [v2: extra data length (2) and data], column count, present bitmap(s), rows.
/// https://dev.mysql.com/doc/dev/mysql-server/latest/classbinary__log_1_1Rows__event.html
/// </summary>
internal sealed record RowsEvent(DateTimeOffset Timestamp, BinlogPosition End, RowsEventKind Kind, ulong TableId, TableMapEvent Table, bool IsStatementEnd)
    : BinlogEvent(Timestamp, End)
{
    private const ushort StatementEndFlag = 1;

    private ReadOnlyMemory<byte> PresentBefore { get; init; }

    private ReadOnlyMemory<byte> PresentAfter { get; init; }

    private int PresentBeforeCount { get; init; }

    private int PresentAfterCount { get; init; }

    private ReadOnlyMemory<byte> RowData { get; init; }

    /// <summary>The changed rows in logged order.</summary>
    public IEnumerable<BinlogRow> Rows
    {
        get
        {
            if (Table.Problem is { } problem)
            {
                throw new FormatException($"rows of `{Table.Database}`.`{Table.Table}` cannot be walked: {problem}");
            }
            var offset = 0;
            while (offset < RowData.Length)
            {
                RowImage? before = null;
                RowImage? after = null;
                if (Kind != RowsEventKind.Insert)
                {
                    before = Slice(PresentBefore, PresentBeforeCount, ref offset);
                }
                if (Kind != RowsEventKind.Delete)
                {
                    after = Kind == RowsEventKind.Update
                        ? Slice(PresentAfter, PresentAfterCount, ref offset)
                        : Slice(PresentBefore, PresentBeforeCount, ref offset);
                }
                yield return new BinlogRow(before, after);
            }
        }
    }

    /// <summary>Reads a rows event; the body is copied so its rows stay readable after the next event arrives.</summary>
    public static RowsEvent Read(ReadOnlySpan<byte> body, BinlogEventType type, DateTimeOffset timestamp, BinlogPosition end, Func<ulong, TableMapEvent> tables)
    {
        var (kind, version2) = type switch
        {
            BinlogEventType.WriteRowsV1 => (RowsEventKind.Insert, false),
            BinlogEventType.UpdateRowsV1 => (RowsEventKind.Update, false),
            BinlogEventType.DeleteRowsV1 => (RowsEventKind.Delete, false),
            BinlogEventType.WriteRowsV2 => (RowsEventKind.Insert, true),
            BinlogEventType.UpdateRowsV2 => (RowsEventKind.Update, true),
            BinlogEventType.DeleteRowsV2 => (RowsEventKind.Delete, true),
            _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a rows event"),
        };
        var copy = body.ToArray();
        var reader = new PacketReader(copy);
        var tableId = reader.ReadUInt48();
        var flags = reader.ReadUInt16();
        if (version2)
        {
            reader.Skip(reader.ReadUInt16() - 2);
        }
        var table = tables(tableId);
        var columns = reader.ReadLength();
        if (columns != table.ColumnCount)
        {
            throw new FormatException($"rows event for `{table.Database}`.`{table.Table}` has {columns} columns but its table map {table.ColumnCount}");
        }
        var bitmapLength = (columns + 7) / 8;
        var presentBefore = copy.AsMemory(reader.Offset, bitmapLength);
        reader.Skip(bitmapLength);
        var presentAfter = presentBefore;
        if (kind == RowsEventKind.Update)
        {
            presentAfter = copy.AsMemory(reader.Offset, bitmapLength);
            reader.Skip(bitmapLength);
        }
        return new RowsEvent(timestamp, end, kind, tableId, table, (flags & StatementEndFlag) != 0)
        {
            PresentBefore = presentBefore,
            PresentAfter = presentAfter,
            PresentBeforeCount = RowImage.CountPresent(presentBefore.Span, columns),
            PresentAfterCount = RowImage.CountPresent(presentAfter.Span, columns),
            RowData = copy.AsMemory(reader.Offset),
        };
    }

    private RowImage Slice(ReadOnlyMemory<byte> present, int presentCount, ref int offset)
    {
        var data = RowData[offset..];
        var length = RowImage.Measure(Table, present.Span, presentCount, data.Span);
        offset += length;
        return new RowImage(Table, present, presentCount, data[..length]);
    }
}
