namespace Warehouse;

/// <summary>
/// What differs between warehouses: type names, how a batch reaches a staging table, and small SQL
/// variations. The load itself is the same everywhere: stage the batch, then in one transaction delete the
/// rows whose keys it holds and insert it (append when there are no keys), then commit.
/// </summary>
public abstract class SqlDialect : IAsyncDisposable
{
    public abstract string TypeName(SqlType type);

    /// <summary>Reads back a type from information_schema; null for types this target does not create.</summary>
    public abstract SqlType? ParseType(string dataType, int? numericScale);

    public virtual string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public string QualifiedName(string schema, string table) => Quote(schema) + "." + Quote(table);

    public abstract Task ExecuteAsync(string sql, CancellationToken cancellationToken);

    /// <summary>The table's columns and types, or null when it does not exist.</summary>
    public abstract Task<IReadOnlyDictionary<string, SqlType>?> ReadColumnsAsync(string schema, string table, CancellationToken cancellationToken);

    /// <summary>Stages the rows and merges them into the table in one transaction; returns after the commit.</summary>
    public abstract Task LoadAsync(LoadRequest request, CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    public virtual string CreateSchemaSql(string schema) => $"CREATE SCHEMA IF NOT EXISTS {Quote(schema)}";

    public virtual string CreateTableSql(string schema, string table, TableShape shape)
    {
        var columns = shape.Columns.Select(c => $"{Quote(c.Name)} {TypeName(c.Type)}");
        var key = shape.Keys.Count > 0 ? $", PRIMARY KEY ({string.Join(", ", shape.Keys.Select(Quote))})" : "";
        return $"CREATE TABLE {QualifiedName(schema, table)} ({string.Join(", ", columns)}{key})";
    }

    public virtual string AddColumnSql(string schema, string table, WarehouseColumn column) =>
        $"ALTER TABLE {QualifiedName(schema, table)} ADD COLUMN {Quote(column.Name)} {TypeName(column.Type)}";

    public virtual string AlterTypeSql(string schema, string table, string column, SqlType type) =>
        $"ALTER TABLE {QualifiedName(schema, table)} ALTER COLUMN {Quote(column)} TYPE {TypeName(type)} USING {Quote(column)}::{TypeName(type)}";

    /// <summary>The type a column has in the staging table (NUMERIC travels as exact text, cast on insert).</summary>
    public virtual SqlType StageType(SqlType type) => type.Kind == SqlKind.Numeric ? SqlType.Text : type;

    /// <summary>The statements that move a staged batch into the table, run inside the load's transaction.</summary>
    public virtual IEnumerable<string> MergeSql(string target, string stage, TableShape shape, bool hardDelete)
    {
        var columns = string.Join(", ", shape.Columns.Select(c => Quote(c.Name)));
        var values = string.Join(", ", shape.Columns.Select(c => FromStage(c)));
        if (shape.Keys.Count > 0)
        {
            var match = string.Join(" AND ", shape.Keys.Select(k => $"{target}.{Quote(k)} = {stage}.{Quote(k)}"));
            yield return $"DELETE FROM {target} USING {stage} WHERE {match}";
        }
        yield return $"INSERT INTO {target} ({columns}) SELECT {values} FROM {stage}";
        if (hardDelete)
        {
            yield return $"DELETE FROM {target} WHERE {Quote("_sdc_deleted_at")} IS NOT NULL";
        }
    }

    /// <summary>A column read from the stage, cast to its table type where the stage holds it differently.</summary>
    public virtual string FromStage(WarehouseColumn column) =>
        StageType(column.Type) == column.Type ? Quote(column.Name) : $"CAST({Quote(column.Name)} AS {TypeName(column.Type)})";

    /// <summary>
    /// ACTIVATE_VERSION: rows not sent by the full copy that has this version (older or no version) are
    /// gone at the source. Deleted, or marked in _sdc_deleted_at when metadata columns are kept and hard_delete is off.
    /// </summary>
    public virtual string ActivateVersionSql(string target, long version, bool softDelete)
    {
        var old = $"({Quote("_sdc_table_version")} IS NULL OR {Quote("_sdc_table_version")} < {version})";
        return softDelete
            ? $"UPDATE {target} SET {Quote("_sdc_deleted_at")} = CURRENT_TIMESTAMP WHERE {old} AND {Quote("_sdc_deleted_at")} IS NULL"
            : $"DELETE FROM {target} WHERE {old}";
    }
}

/// <summary>One batch to load: the table, its shape (with the table's actual column types), the rows in column order.</summary>
public sealed record LoadRequest(string Schema, string Table, TableShape Shape, IReadOnlyList<object?[]> Rows, bool HardDelete);
