namespace TapMysql.Discovery;

/// <summary>One column as information_schema describes it.</summary>
internal sealed record ColumnInfo(
    string Name,
    string DataType,
    string ColumnType,
    long? CharacterMaximumLength,
    long? NumericScale,
    bool IsPrimaryKey,
    bool IsJson)
{
    public bool IsUnsigned => ColumnType.Contains("unsigned", StringComparison.OrdinalIgnoreCase);

    /// <summary>The n of BIT(n), TINYINT(n), ...; null when the type has no width.</summary>
    public int? Width
    {
        get
        {
            var open = ColumnType.IndexOf('(', StringComparison.Ordinal);
            var close = ColumnType.IndexOf(')', StringComparison.Ordinal);
            return open >= 0 && close > open && int.TryParse(ColumnType.AsSpan(open + 1, close - open - 1), out var width) ? width : null;
        }
    }
}
