using System.Data.Common;
using System.Globalization;

namespace Warehouse;

/// <summary>
/// Reads a table's columns from information_schema, over any ADO.NET connection: the PostgreSQL, Redshift and DuckDB
/// dialects share it and differ only in how they name types (<paramref name="parseType"/>).
/// </summary>
public static class InformationSchema
{
    /// <summary>
    /// The table's columns in order, or null when it has none (it does not exist). Where the database compares names
    /// without case (<paramref name="identifiers"/>), so does the lookup and the dictionary: a run told to load into
    /// schema "Sales" finds the "sales" an earlier run (or a user) made, instead of creating its table again.
    /// </summary>
    public static async Task<Dictionary<string, SqlType>?> ReadColumnsAsync(
        DbConnection connection, string schema, string table, Func<string, int?, SqlType?> parseType, IdentifierRules identifiers, CancellationToken ct)
    {
        var columns = new Dictionary<string, SqlType>(identifiers.Comparer);
        foreach (var (name, (dataType, scale)) in await ReadDataTypesAsync(connection, schema, table, identifiers, ct))
        {
            columns[name] = parseType(dataType, scale) ?? SqlType.Text;
        }
        return columns.Count == 0 ? null : columns;
    }

    /// <summary>
    /// The table's columns as the database names their types (information_schema's <c>data_type</c>, and the scale of a
    /// number), in order; empty when it does not exist. Names compared as in <see cref="ReadColumnsAsync"/>.
    /// </summary>
    public static async Task<Dictionary<string, (string DataType, int? Scale)>> ReadDataTypesAsync(
        DbConnection connection, string schema, string table, IdentifierRules identifiers, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        // Positional parameters: the one placeholder style both Npgsql and DuckDB.NET take. The catalog: DuckDB lists
        // the attached staging database too, whose main.stage_N tables a stream named stage_N would otherwise find.
        var match = identifiers.IgnoresCase ? "lower(table_schema) = lower($1) AND lower(table_name) = lower($2)" : "table_schema = $1 AND table_name = $2";
        command.CommandText =
            $"SELECT column_name, data_type, numeric_scale FROM information_schema.columns WHERE {match} AND table_catalog = current_database() ORDER BY ordinal_position";
        foreach (var value in new[] { schema, table })
        {
            var parameter = command.CreateParameter();
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        var columns = new Dictionary<string, (string, int?)>(identifiers.Comparer);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var (name, dataType, scale) = ReadColumn(reader);
            columns[name] = (dataType, scale);
        }
        return columns;
    }

    // Both drivers hold the current row in memory after ReadAsync, so reading its fields does not block.
    private static (string Name, string DataType, int? Scale) ReadColumn(DbDataReader reader) =>
        (reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture));
}
