using System.Text.RegularExpressions;

namespace TapMysql.LogBased;

/// <summary>
/// Recognises a logged statement that may change a table's columns (ALTER, CREATE, DROP, RENAME), empty it
/// (TRUNCATE, which ROW format logs as a statement, not as deleted rows), or change its rows as SQL text (a
/// session with binlog_format STATEMENT or MIXED: the binlog then holds no row images of that change).
/// </summary>
internal static partial class DdlStatement
{
    public static bool IsSchemaChange(string sql) => SchemaChange().IsMatch(sql);

    public static bool IsTruncate(string sql) => Truncate().IsMatch(sql);

    public static bool IsRowChange(string sql) => RowChange().IsMatch(sql);

    /// <summary>
    /// Whether the statement names the table: qualified with its database (with or without backquotes), or
    /// unqualified when the statement ran in that database. A false match only costs a re-read of the table's
    /// columns and a repeated SCHEMA; a statement naming the table in a way not recognised here (a quoted name
    /// with spaces around its dot, say) is caught by the column-count check of the rows after it.
    /// </summary>
    public static bool Mentions(string sql, string statementDatabase, string database, string table)
    {
        var name = Identifier(table);
        var qualified = $@"{Identifier(database)}\s*\.\s*{name}";
        var pattern = string.Equals(statementDatabase, database, StringComparison.Ordinal)
            ? $@"(^|[\s,(]){qualified}($|[\s,(;])|(^|[\s,(]){name}($|[\s,(;])"
            : $@"(^|[\s,(]){qualified}($|[\s,(;])";
        return Regex.IsMatch(sql, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    [GeneratedRegex(@"^\s*(/\*.*?\*/\s*)*(ALTER|CREATE|DROP|RENAME)\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex SchemaChange();

    /// <summary>A name as SQL may write it: bare, or in backquotes with each backquote inside doubled.</summary>
    private static string Identifier(string name) => $"({Regex.Escape(name)}|`{Regex.Escape(name.Replace("`", "``", StringComparison.Ordinal))}`)";

    [GeneratedRegex(@"^\s*(/\*.*?\*/\s*)*(INSERT|UPDATE|DELETE|REPLACE|LOAD\s+DATA)\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex RowChange();

    [GeneratedRegex(@"^\s*(/\*.*?\*/\s*)*TRUNCATE\s", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Truncate();
}
