namespace TapMysql.Binlog.Events;

/// <summary>
/// One row image inside a rows event, undecoded: which columns it holds (the columns-present bitmap)
/// and its bytes starting at its NULL bitmap, which has one bit per present column (<paramref name="PresentCount"/>).
/// Valid as long as it is referenced (it points into the event's own copy).
/// </summary>
internal readonly record struct RowImage(TableMapEvent Table, ReadOnlyMemory<byte> Present, int PresentCount, ReadOnlyMemory<byte> Data)
{
    /// <summary>How many columns a columns-present bitmap marks (the same for every row of an event).</summary>
    public static int CountPresent(ReadOnlySpan<byte> present, int columns)
    {
        var count = 0;
        for (var i = 0; i < columns; i++)
        {
            count += present[i >> 3] >> (i & 7) & 1;
        }
        return count;
    }

    public bool IsPresent(int column) => (Present.Span[column >> 3] & (1 << (column & 7))) != 0;

    /// <summary>The image's byte length: its NULL bitmap (one bit per present column) and the values of its present, non-NULL columns.</summary>
    public static int Measure(TableMapEvent table, ReadOnlySpan<byte> present, int presentCount, ReadOnlySpan<byte> data)
    {
        var nulls = data[..((presentCount + 7) / 8)];
        var offset = nulls.Length;
        var bit = 0;
        for (var i = 0; i < table.ColumnCount; i++)
        {
            if ((present[i >> 3] & (1 << (i & 7))) == 0)
            {
                continue;
            }
            var isNull = (nulls[bit >> 3] & (1 << (bit & 7))) != 0;
            bit++;
            if (!isNull)
            {
                offset += BinlogCell.Length(table.ColumnTypes[i], table.ColumnMetadata[i], data[offset..]);
            }
        }
        return offset;
    }
}
