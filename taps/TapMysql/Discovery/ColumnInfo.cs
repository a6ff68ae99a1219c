namespace TapMysql.Discovery;

/// <summary>One column as information_schema describes it.</summary>
internal sealed record ColumnInfo(
    string Name,
    string DataType,
    string ColumnType,
    long? CharacterMaximumLength,
    long? NumericScale,
    bool IsPrimaryKey,
    bool IsJson,
    string? CharacterSet = null)
{
    /// <summary>Text whose bytes are already UTF-8 (utf8mb4, utf8mb3, ascii) needs no conversion on the server.</summary>
    public bool IsUtf8Text => CharacterSet is null or "utf8mb4" or "utf8mb3" or "utf8" or "ascii";

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
