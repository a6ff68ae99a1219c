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

    /// <summary>True when batches are staged row by row (<see cref="BeginBatchAsync"/>) rather than loaded whole.</summary>
    public virtual bool StagesRows => false;

    /// <summary>Starts a batch staged row by row (see <see cref="StageLayout"/>), when <see cref="StagesRows"/>.</summary>
    public virtual Task<StagedBatch> BeginBatchAsync(string schema, string table, TableShape shape, bool hardDelete, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} loads whole batches");

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

    /// <summary>
    /// The type a column has in this batch's staging table. By default <see cref="StageType(SqlType)"/>;
    /// dialects that can write decimals natively stage NUMERIC as text only for batches holding a value too
    /// wide for System.Decimal (casting text to a number is the costly part of a load).
    /// </summary>
    public virtual SqlType StageType(WarehouseColumn column, LoadRequest request) => StageType(column.Type);

    /// <summary>The statements that move a staged batch into the table, run inside the load's transaction.</summary>
    public IEnumerable<string> MergeSql(string target, string stage, TableShape shape, bool hardDelete) =>
        MergeSql(target, stage, shape, hardDelete, c => FromStage(c));

    /// <summary>The same, for a batch whose staging types come from <see cref="StageType(WarehouseColumn, LoadRequest)"/>.</summary>
    public IEnumerable<string> MergeSql(string target, string stage, LoadRequest request) =>
        MergeSql(target, stage, request.Shape, request.HardDelete,
            c => StageType(c, request) == c.Type ? Quote(c.Name) : $"CAST({Quote(c.Name)} AS {TypeName(c.Type)})");

    private IEnumerable<string> MergeSql(string target, string stage, TableShape shape, bool hardDelete, Func<WarehouseColumn, string> fromStage)
    {
        var columns = string.Join(", ", shape.Columns.Select(c => Quote(c.Name)));
        var values = string.Join(", ", shape.Columns.Select(fromStage));
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
public sealed record LoadRequest(string Schema, string Table, TableShape Shape, IReadOnlyList<object?[]> Rows, bool HardDelete)
{
    /// <summary>True when a column of this batch holds a value as text (a NUMERIC too wide for System.Decimal).</summary>
    public bool HasTextValues(WarehouseColumn column)
    {
        var index = Shape.Columns.ToList().IndexOf(column);
        return Rows.Any(row => row[index] is string);
    }
}
