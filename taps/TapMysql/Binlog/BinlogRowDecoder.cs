using TapMysql.Binlog.Events;
using TapMysql.Sync;

namespace TapMysql.Binlog;

/// <summary>
/// Decodes a table's binlog row images into a <see cref="RowBatch"/> exactly as <see cref="RowExtractor"/>
/// fills it from a SELECT, so <see cref="RecordEncoder"/> writes the same JSON for both paths.
/// </summary>
internal sealed class BinlogRowDecoder
{
    /// <param name="selected">The selected columns, in the batch's cell order.</param>
    /// <param name="tableColumnsInOrder">Every column name of the table in ORDINAL_POSITION order: the binlog's column order.</param>
    public BinlogRowDecoder(IReadOnlyList<SyncColumn> selected, IReadOnlyList<string> tableColumnsInOrder)
    {
        Selected = selected;
        TableColumns = tableColumnsInOrder;
    }

    public IReadOnlyList<SyncColumn> Selected { get; }

    public IReadOnlyList<string> TableColumns { get; }

    /// <summary>Appends one row image as the batch's next row. Throws <see cref="TableLayoutChangedException"/> when the table map's column count differs.</summary>
    public void Append(RowImage image, RowBatch batch) => throw new NotImplementedException();
}
