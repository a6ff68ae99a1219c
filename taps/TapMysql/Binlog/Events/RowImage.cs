namespace TapMysql.Binlog.Events;

/// <summary>
/// One row image inside a rows event, undecoded: which columns it holds (the columns-present bitmap)
/// and its bytes starting at its NULL bitmap. Valid as long as it is referenced (it points into the event's own copy).
/// </summary>
internal readonly record struct RowImage(TableMapEvent Table, ReadOnlyMemory<byte> Present, ReadOnlyMemory<byte> Data)
{
    public bool IsPresent(int column) => (Present.Span[column >> 3] & (1 << (column & 7))) != 0;

    /// <summary>The image's byte length: its NULL bitmap (one bit per present column) and the values of its present, non-NULL columns.</summary>
    public static int Measure(TableMapEvent table, ReadOnlySpan<byte> present, ReadOnlySpan<byte> data)
    {
        var presentCount = 0;
        for (var i = 0; i < table.ColumnCount; i++)
        {
            if ((present[i >> 3] & (1 << (i & 7))) != 0)
            {
                presentCount++;
            }
        }
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
