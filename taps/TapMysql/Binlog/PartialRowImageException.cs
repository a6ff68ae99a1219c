namespace TapMysql.Binlog;

/// <summary>
/// A row image lacks a selected column: its session logged with binlog_row_image MINIMAL (only the key in a
/// before image, only changed columns in an after image) or NOBLOB, so the row's value cannot be read whole.
/// </summary>
internal sealed class PartialRowImageException(string column)
    : Exception($"the row image lacks column '{column}'")
{
    public string Column { get; } = column;
}
