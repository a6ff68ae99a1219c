namespace TapMysql.Binlog.Events;

/// <summary>
/// One changed row: an insert has only <see cref="After"/>, a delete only <see cref="Before"/>, an update both.
/// <see cref="Emitted"/> is the image a tap writes: the after image, or for a delete the row as it was.
/// </summary>
internal readonly record struct BinlogRow(RowImage? Before, RowImage? After)
{
    public RowImage Emitted => After ?? Before ?? throw new InvalidOperationException("a binlog row has no image");
}
