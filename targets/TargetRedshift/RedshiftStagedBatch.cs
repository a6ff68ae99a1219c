using Warehouse;

namespace TargetRedshift;

/// <summary>
/// A batch being staged: each row goes to the next of the <c>slices</c> files in turn (so they come out the
/// same size without knowing the batch's size), with its sequence number for the merge's last-record-wins.
/// <see cref="CommitAsync"/> uploads the files and loads them (see <see cref="RedshiftDialect"/>).
/// </summary>
internal sealed class RedshiftStagedBatch : StagedBatch
{
    private readonly RedshiftDialect _dialect;
    private readonly SliceFile[] _slices;
    private long _rows;

    public RedshiftStagedBatch(RedshiftDialect dialect, string schema, string table, TableShape shape, bool hardDelete, int slices, bool gzip)
    {
        _dialect = dialect;
        Schema = schema;
        Table = table;
        Layout = new StageLayout(shape, dialect.StageType);
        HardDelete = hardDelete;
        _slices = new SliceFile[slices];
        for (var i = 0; i < slices; i++)
        {
            _slices[i] = SliceFile.Temporary(gzip);
        }
    }

    public string Schema { get; }

    public string Table { get; }

    public StageLayout Layout { get; }

    public bool HardDelete { get; }

    /// <summary>The files that received rows, in slice order.</summary>
    public IReadOnlyList<SliceFile> Slices => [.. _slices.Where(s => s.Rows > 0)];

    /// <summary>Appends the row (its cells in shape order, then the sequence number) to the next slice.</summary>
    public override ValueTask WriteAsync(object?[] row, CancellationToken cancellationToken)
    {
        _slices[_rows++ % _slices.Length].Append(row, Layout.Shape.Columns, Table);
        return ValueTask.CompletedTask;
    }

    public override Task CommitAsync(CancellationToken cancellationToken) => _dialect.CommitAsync(this, cancellationToken);

    public override ValueTask DisposeAsync()
    {
        foreach (var slice in _slices)
        {
            slice.Dispose();
        }
        return ValueTask.CompletedTask;
    }
}
