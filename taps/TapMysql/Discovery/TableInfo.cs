namespace TapMysql.Discovery;

/// <summary>One table or view as information_schema describes it, with its columns in ordinal order.</summary>
internal sealed record TableInfo(string Database, string Name, bool IsView, long? RowCount, IReadOnlyList<ColumnInfo> Columns)
{
    public string TapStreamId => $"{Database}-{Name}";

    public IReadOnlyList<string> PrimaryKey => Columns.Where(c => c.IsPrimaryKey).Select(c => c.Name).ToList();
}
