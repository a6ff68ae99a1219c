using TapMysql.Binlog.Events;
using TapMysql.Binlog.Values;
using TapMysql.Sync;

namespace TapMysql.Binlog;

/// <summary>
/// Decodes one table's binlog row images into a <see cref="RowBatch"/> exactly as <see cref="RowExtractor"/>
/// fills it from a SELECT, so <see cref="RecordEncoder"/> writes the same JSON for both paths. Columns that are
/// not selected are stepped over by their length without being decoded.
/// </summary>
internal sealed class BinlogRowDecoder
{
    private readonly IReadOnlyList<string> _tableColumns;

    /// <summary>For each table column in binlog order, its cell in the batch row, or -1 when not selected.</summary>
    private readonly int[] _cells;

    /// <summary>For each table column in binlog order, its decoder when selected.</summary>
    private readonly ColumnDecoder?[] _decoders;

    private TableMapEvent? _checked;

    /// <summary>The checked table map's types and metadata as arrays, read once per cell.</summary>
    private BinlogColumnType[] _types = [];

    private int[] _metadata = [];

    /// <param name="selected">The selected columns, in the batch's cell order.</param>
    /// <param name="tableColumnsInOrder">Every column name of the table in ORDINAL_POSITION order: the binlog's column order.</param>
    public BinlogRowDecoder(IReadOnlyList<SyncColumn> selected, IReadOnlyList<string> tableColumnsInOrder)
    {
        _tableColumns = tableColumnsInOrder;
        _cells = new int[tableColumnsInOrder.Count];
        _decoders = new ColumnDecoder?[tableColumnsInOrder.Count];
        Array.Fill(_cells, -1);
        for (var cell = 0; cell < selected.Count; cell++)
        {
            var ordinal = IndexOf(tableColumnsInOrder, selected[cell].Name);
            _cells[ordinal] = cell;
            _decoders[ordinal] = new ColumnDecoder(selected[cell]);
        }
    }

    /// <summary>
    /// Appends one row image as the batch's next row (the caller checks <see cref="RowBatch.IsFull"/> between rows).
    /// Throws <see cref="TableLayoutChangedException"/> when the table map does not fit the columns this decoder
    /// was built for (another column count, or a selected column logged with a type it cannot have).
    /// A column absent from the image (binlog_row_image other than FULL) is written as NULL.
    /// </summary>
    public void Append(RowImage image, RowBatch batch)
    {
        var table = image.Table;
        if (!ReferenceEquals(table, _checked))
        {
            CheckLayout(table);
            _checked = table;
            _types = [.. table.ColumnTypes];
            _metadata = [.. table.ColumnMetadata];
        }
        var present = image.Present.Span;
        var data = image.Data.Span;
        var row = batch.Count * batch.Columns;
        for (var cell = row; cell < row + batch.Columns; cell++)
        {
            batch.Lengths[cell] = RowBatch.Null;
        }
        var nulls = data[..((image.PresentCount + 7) / 8)];
        var offset = nulls.Length;
        var bit = 0;
        for (var i = 0; i < _cells.Length; i++)
        {
            if ((present[i >> 3] & (1 << (i & 7))) == 0)
            {
                continue;
            }
            var isNull = (nulls[bit >> 3] & (1 << (bit & 7))) != 0;
            bit++;
            if (isNull)
            {
                continue;
            }
            var type = _types[i];
            var metadata = _metadata[i];
            var length = BinlogCell.Length(type, metadata, data[offset..]);
            if (_decoders[i] is { } decoder)
            {
                decoder.Decode(type, metadata, data.Slice(offset, length), batch, row + _cells[i]);
            }
            offset += length;
        }
        batch.Count++;
    }

    private void CheckLayout(TableMapEvent table)
    {
        if (table.ColumnCount != _tableColumns.Count)
        {
            throw new TableLayoutChangedException(table.Database, table.Table, table.ColumnCount, _tableColumns.Count);
        }
        for (var i = 0; i < _decoders.Length; i++)
        {
            if (_decoders[i] is { } decoder && !decoder.Accepts(table.ColumnTypes[i]))
            {
                throw new TableLayoutChangedException(table.Database, table.Table,
                    $"column '{decoder.Name}' is logged as {table.ColumnTypes[i]}, which does not fit its type from information_schema");
            }
        }
    }

    private static int IndexOf(IReadOnlyList<string> columns, string name)
    {
        for (var i = 0; i < columns.Count; i++)
        {
            if (string.Equals(columns[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        throw new ArgumentException($"selected column '{name}' is not among the table's columns ({string.Join(", ", columns)})", nameof(columns));
    }
}
