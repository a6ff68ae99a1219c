namespace TapMysql.Binlog.Events;

/// <summary>
/// Which table the next rows events belong to, and each column's type code, type metadata (lengths,
/// precision, fraction digits, real type of a STRING) and nullability, as logged.
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
}
