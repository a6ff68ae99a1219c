namespace TapMysql.Binlog.Events;

/// <summary>
/// WRITE/UPDATE/DELETE_ROWS (v1 and v2): the rows changed by one statement in one table. The rows are
/// walked lazily by <see cref="Rows"/>, so a rows event of a table the tap does not replicate costs nothing
/// beyond reading its bytes, and a huge event is decoded row by row.
/// </summary>
internal sealed record RowsEvent(DateTimeOffset Timestamp, BinlogPosition End, RowsEventKind Kind, ulong TableId, TableMapEvent Table, bool IsStatementEnd)
    : BinlogEvent(Timestamp, End)
{
    public IEnumerable<BinlogRow> Rows => throw new NotImplementedException();
}
