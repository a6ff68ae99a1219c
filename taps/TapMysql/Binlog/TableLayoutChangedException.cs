namespace TapMysql.Binlog;

/// <summary>
/// A TABLE_MAP does not fit the columns the decoder was built for (another column count, or a column logged with
/// another type): the table was altered, so its columns must be read again before rows logged after the change
/// can be decoded.
/// </summary>
internal sealed class TableLayoutChangedException : Exception
{
    public TableLayoutChangedException(string database, string table, int loggedColumns, int knownColumns)
        : this(database, table, $"{loggedColumns} columns are logged but {knownColumns} were read from information_schema")
    {
    }

    public TableLayoutChangedException(string database, string table, string reason)
        : base($"table `{database}`.`{table}` changed: {reason}")
    {
        Database = database;
        Table = table;
    }

    public string Database { get; }

    public string Table { get; }
}
