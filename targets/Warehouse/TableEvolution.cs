using Singer.Sdk;

namespace Warehouse;

/// <summary>
/// Makes the table fit the SCHEMA without losing data: creates it when missing, adds new columns,
/// widens a column whose values no longer fit (BIGINT → NUMERIC, DATE → TIMESTAMP, anything → TEXT),
/// and leaves alone columns the SCHEMA no longer has.
/// </summary>
internal static class TableEvolution
{
    public static async Task<TableShape> EnsureAsync(SqlDialect dialect, string schema, string table, TableShape wanted, CancellationToken ct)
    {
        var existing = await dialect.ReadColumnsAsync(schema, table, ct);
        if (existing is null)
        {
            await dialect.ExecuteAsync(dialect.CreateSchemaSql(schema), ct);
            await dialect.ExecuteAsync(dialect.CreateTableSql(schema, table, wanted), ct);
            Log.Info($"created table {schema}.{table} ({wanted.Columns.Count} columns)");
            return wanted;
        }
        var actual = new List<WarehouseColumn>();
        foreach (var column in wanted.Columns)
        {
            if (!existing.TryGetValue(column.Name, out var current))
            {
                await dialect.ExecuteAsync(dialect.AddColumnSql(schema, table, column), ct);
                Log.Info($"table {schema}.{table}: added column {column.Name} {dialect.TypeName(column.Type)}");
                actual.Add(column);
                continue;
            }
            var widened = SqlType.Widen(current, column.Type);
            if (widened != current)
            {
                try
                {
                    await dialect.ExecuteAsync(dialect.AlterTypeSql(schema, table, column.Name, widened), ct);
                }
                catch (System.Data.Common.DbException ex)
                {
                    // A value already in the column may not fit the wider type (DuckDB: DECIMAL(38,2) holds 36 integer digits, DECIMAL(38,10) 28).
                    throw new SingerException(
                        $"table {schema}.{table}: column {column.Name} cannot be widened from {dialect.TypeName(current)} to {dialect.TypeName(widened)}: {ex.Message}", ex);
                }
                Log.Info($"table {schema}.{table}: column {column.Name} widened from {dialect.TypeName(current)} to {dialect.TypeName(widened)}");
            }
            actual.Add(column with { Type = widened });
        }
        return wanted.WithColumns(actual);
    }

}
