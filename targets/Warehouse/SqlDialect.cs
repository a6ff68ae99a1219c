namespace Warehouse;

/// <summary>
/// What differs between warehouses: type names, how rows reach a staging table, and small SQL variations.
/// The load itself is the same everywhere: stage the batch, then in one transaction delete the rows whose
/// keys it holds and insert its last record of each key (append when there are no keys), then commit.
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

    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// Starts a batch: rows are staged as they arrive (see <see cref="StageLayout"/>) and merged into the table
    /// in one transaction at <see cref="StagedBatch.CommitAsync"/>.
    /// </summary>
    public abstract Task<StagedBatch> BeginBatchAsync(string schema, string table, TableShape shape, bool hardDelete, CancellationToken cancellationToken);

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

    /// <summary>
    /// The type a column has in the staging table: its own type by default (NUMERIC values too wide for
    /// System.Decimal go to a text twin, see <see cref="StageLayout"/>); the merge casts where they differ.
    /// </summary>
    public virtual SqlType StageType(SqlType type) => type;

    /// <summary>
    /// True when a batch's commit may run while the next batch stages: each batch has a connection of its own and
    /// the driver still commits batches in order (see <c>Sink.CommitsInBackground</c>).
    /// </summary>
    public virtual bool CommitsInBackground => false;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _sinks = new(StringComparer.Ordinal);

    /// <summary>Counts a sink opened on a table in this run (a stream, or a stream's SCHEMA again).</summary>
    public void SinkOpened(string qualifiedTable) => _sinks.AddOrUpdate(qualifiedTable, 1, (_, count) => count + 1);

    /// <summary>How many sinks this run has opened on a table.</summary>
    public int SinksOpened(string qualifiedTable) => _sinks.GetValueOrDefault(qualifiedTable);

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
