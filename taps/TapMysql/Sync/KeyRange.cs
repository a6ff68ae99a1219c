using MySqlConnector;

namespace TapMysql.Sync;

/// <summary>
/// Lexicographic comparisons on a (possibly composite) key, written out as the Python tap does:
/// <c>(a &gt; @a) OR (a = @a AND b &gt; @b)</c>, which every MySQL/MariaDB version can use an index for.
/// </summary>
internal static class KeyRange
{
    /// <summary>key &gt; values (strictly after), or key &lt;= values (up to and including).</summary>
    public static string Condition(IReadOnlyList<SyncColumn> keys, IReadOnlyList<object> values, bool after, string prefix, MySqlCommand command)
    {
        var parameters = new List<string>();
        for (var i = 0; i < keys.Count; i++)
        {
            var name = $"@{prefix}{i}";
            command.Parameters.AddWithValue(name, values[i]);
            parameters.Add(keys[i].ParameterExpression(name));
        }
        if (keys.Count == 1)
        {
            return $"{Sql.Quote(keys[0].Name)} {(after ? ">" : "<=")} {parameters[0]}";
        }
        var strict = after ? ">" : "<";
        var alternatives = new List<string>();
        for (var i = 0; i < keys.Count; i++)
        {
            var equalities = Enumerable.Range(0, i).Select(j => $"{Sql.Quote(keys[j].Name)} = {parameters[j]}");
            alternatives.Add("(" + string.Join(" AND ", equalities.Append($"{Sql.Quote(keys[i].Name)} {strict} {parameters[i]}")) + ")");
        }
        if (!after)
        {
            alternatives.Add("(" + string.Join(" AND ", keys.Select((k, j) => $"{Sql.Quote(k.Name)} = {parameters[j]}")) + ")");
        }
        return "(" + string.Join(" OR ", alternatives) + ")";
    }
}
