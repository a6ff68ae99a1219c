using MySqlConnector;

namespace TapMysql.Discovery;

/// <summary>Reads tables, views and columns from information_schema (system schemas excluded).</summary>
internal static class SchemaReader
{
    private static readonly string[] SystemSchemas = ["information_schema", "performance_schema", "mysql", "sys"];

    public static async Task<List<TableInfo>> ReadAsync(MySqlConnection connection, IReadOnlyList<string> databases, CancellationToken ct)
    {
        var jsonColumns = await ReadJsonColumnsAsync(connection, databases, ct);
        var columns = await ReadColumnsAsync(connection, databases, jsonColumns, ct);
        var tables = new List<TableInfo>();
        await using var command = Command(connection, databases,
            "SELECT table_schema, table_name, table_type, table_rows FROM information_schema.tables WHERE {filter} ORDER BY table_schema, table_name");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tables.Add(ReadTable(reader, columns));
        }
        return tables;
    }

    // MySqlConnector holds the whole current row in memory after ReadAsync, so reading its fields never blocks.
    private static TableInfo ReadTable(MySqlDataReader reader, Dictionary<(string, string), List<ColumnInfo>> columns)
    {
        var database = reader.GetString(0);
        var name = reader.GetString(1);
        var isView = reader.GetString(2) == "VIEW";
        return new TableInfo(database, name, isView, NullableLong(reader, 3), columns.GetValueOrDefault((database, name)) ?? []);
    }

    private static ColumnInfo ReadColumn(MySqlDataReader reader, HashSet<(string, string, string)> jsonColumns) => new(
        reader.GetString(2),
        reader.GetString(3).ToLowerInvariant(),
        reader.GetString(4).ToLowerInvariant(),
        NullableLong(reader, 5),
        NullableLong(reader, 6),
        reader.GetString(7) == "PRI",
        jsonColumns.Contains((reader.GetString(0), reader.GetString(1), reader.GetString(2))),
        reader.IsDBNull(8) ? null : reader.GetString(8));

    private static long? NullableLong(MySqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt64(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<Dictionary<(string, string), List<ColumnInfo>>> ReadColumnsAsync(
        MySqlConnection connection, IReadOnlyList<string> databases, HashSet<(string, string, string)> jsonColumns, CancellationToken ct)
    {
        var result = new Dictionary<(string, string), List<ColumnInfo>>();
        await using var command = Command(connection, databases,
            "SELECT table_schema, table_name, column_name, data_type, column_type, character_maximum_length, numeric_scale, column_key, character_set_name " +
            "FROM information_schema.columns WHERE {filter} ORDER BY table_schema, table_name, ordinal_position");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var key = (reader.GetString(0), reader.GetString(1));
            var column = ReadColumn(reader, jsonColumns);
            if (!result.TryGetValue(key, out var list))
            {
                list = [];
                result[key] = list;
            }
            list.Add(column);
        }
        return result;
    }

    /// <summary>
    /// MariaDB stores JSON as LONGTEXT with a json_valid() check; the check is how a JSON column is recognised.
    /// </summary>
    private static async Task<HashSet<(string, string, string)>> ReadJsonColumnsAsync(MySqlConnection connection, IReadOnlyList<string> databases, CancellationToken ct)
    {
        var result = new HashSet<(string, string, string)>();
        if (!connection.ServerVersion.Contains("MariaDB", StringComparison.OrdinalIgnoreCase))
        {
            return result;
        }
        await using var command = Command(connection, databases,
            "SELECT constraint_schema, table_name, check_clause FROM information_schema.check_constraints WHERE {filter}", schemaColumn: "constraint_schema");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var clause = reader.GetString(2).Trim();
            const string prefix = "json_valid(`";
            if (clause.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && clause.EndsWith("`)", StringComparison.Ordinal))
            {
                var column = clause[prefix.Length..^2].Replace("``", "`", StringComparison.Ordinal);
                result.Add((reader.GetString(0), reader.GetString(1), column));
            }
        }
        return result;
    }

    private static MySqlCommand Command(MySqlConnection connection, IReadOnlyList<string> databases, string sql, string schemaColumn = "table_schema")
    {
        var command = new MySqlCommand { Connection = connection };
        var filter = new List<string>();
        var excluded = SystemSchemas.Select((s, i) => Parameter(command, $"@sys{i}", s));
        filter.Add($"{schemaColumn} NOT IN ({string.Join(", ", excluded)})");
        if (databases.Count > 0)
        {
            var included = databases.Select((d, i) => Parameter(command, $"@db{i}", d));
            filter.Add($"{schemaColumn} IN ({string.Join(", ", included)})");
        }
        command.CommandText = sql.Replace("{filter}", string.Join(" AND ", filter), StringComparison.Ordinal);
        return command;
    }

    private static string Parameter(MySqlCommand command, string name, string value)
    {
        command.Parameters.AddWithValue(name, value);
        return name;
    }
}
