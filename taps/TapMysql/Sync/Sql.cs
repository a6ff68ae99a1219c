namespace TapMysql.Sync;

/// <summary>Identifier quoting: names come from the source and are never trusted.</summary>
internal static class Sql
{
    public static string Quote(string identifier) => "`" + identifier.Replace("`", "``", StringComparison.Ordinal) + "`";

    public static string Table(string database, string table) => Quote(database) + "." + Quote(table);
}
