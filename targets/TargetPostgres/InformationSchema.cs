using Npgsql;
using Warehouse;

namespace TargetPostgres;

/// <summary>
/// Reads a table's columns from information_schema over Npgsql; shared by the PostgreSQL and Redshift
/// dialects, which differ only in how they name types.
/// </summary>
internal static class InformationSchema
{
    public static async Task<Dictionary<string, SqlType>?> ReadColumnsAsync(
        NpgsqlConnection connection, string schema, string table, Func<string, int?, SqlType?> parseType, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT column_name, data_type, numeric_scale FROM information_schema.columns WHERE table_schema = @schema AND table_name = @table ORDER BY ordinal_position",
            connection);
        command.Parameters.AddWithValue("schema", schema);
        command.Parameters.AddWithValue("table", table);
        var columns = new Dictionary<string, SqlType>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (name, type) = ReadColumn(reader, parseType);
            columns[name] = type;
        }
        return columns.Count == 0 ? null : columns;
    }

    // Npgsql holds the current row in memory after ReadAsync, so reading its fields does not block.
    private static (string Name, SqlType Type) ReadColumn(NpgsqlDataReader reader, Func<string, int?, SqlType?> parseType) =>
        (reader.GetString(0), parseType(reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2)) ?? SqlType.Text);
}
