using System.Text.RegularExpressions;

namespace TapMysql.LogBased;

/// <summary>
/// Recognises a logged statement that may change a table's columns (ALTER, CREATE, DROP, RENAME) or empty
/// it (TRUNCATE, which ROW format logs as a statement, not as deleted rows).
/// </summary>
internal static partial class DdlStatement
{
    public static bool IsSchemaChange(string sql) => SchemaChange().IsMatch(sql);

    public static bool IsTruncate(string sql) => Truncate().IsMatch(sql);

    /// <summary>
    /// Whether the statement names the table (with or without backquotes, with or without its database).
    /// A false match only costs a re-read of the table's columns and a repeated SCHEMA.
    /// </summary>
    public static bool Mentions(string sql, string table) =>
        Regex.IsMatch(sql, $@"(^|[\s`.,(]){Regex.Escape(table)}($|[\s`.,(;])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    [GeneratedRegex(@"^\s*(/\*.*?\*/\s*)*(ALTER|CREATE|DROP|RENAME)\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex SchemaChange();

    [GeneratedRegex(@"^\s*(/\*.*?\*/\s*)*TRUNCATE\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Truncate();
}
