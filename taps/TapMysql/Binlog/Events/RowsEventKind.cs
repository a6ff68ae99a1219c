namespace TapMysql.Binlog.Events;

internal enum RowsEventKind
{
    Insert,
    Update,
    Delete,
}
