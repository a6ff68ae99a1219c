namespace TapMysql.Binlog;

/// <summary>
/// A TABLE_MAP's column count differs from the columns the decoder was built for: the table was altered,
/// so its columns must be read again before rows logged after the change can be decoded.
/// </summary>
internal sealed class TableLayoutChangedException : Exception
{
    public TableLayoutChangedException(string database, string table, int loggedColumns, int knownColumns)
        : base($"table `{database}`.`{table}` has {loggedColumns} columns in the binlog but {knownColumns} were read from information_schema")
    {
        Database = database;
        Table = table;
        LoggedColumns = loggedColumns;
        KnownColumns = knownColumns;
    }

    public string Database { get; }

    public string Table { get; }

    public int LoggedColumns { get; }

    public int KnownColumns { get; }
}
