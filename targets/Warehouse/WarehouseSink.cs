using Singer.Sdk;

namespace Warehouse;

/// <summary>
/// Loads one stream into one table: creates it from the SCHEMA, evolves it (new columns added, widened
/// types migrated, removed columns kept), and loads each batch through a staging table and a merge.
/// </summary>
public sealed class WarehouseSink : Sink
{
    private readonly SqlDialect _dialect;
    private readonly WarehouseOptions _options;

    private WarehouseSink(SchemaMessage schema, SqlDialect dialect, WarehouseOptions options, string targetSchema, string table, TableShape shape)
        : base(schema)
    {
        _dialect = dialect;
        _options = options;
        TargetSchema = targetSchema;
        Table = table;
        Shape = shape;
    }

    public string TargetSchema { get; }

    public string Table { get; }

    /// <summary>The columns loaded, with the types the table really has.</summary>
    public TableShape Shape { get; }

    public static async Task<WarehouseSink> CreateAsync(SchemaMessage schema, SqlDialect dialect, WarehouseOptions options, CancellationToken ct)
    {
        var targetSchema = options.TargetSchemaFor(schema.Stream);
        var (_, table) = Naming.Stream(schema.Stream);
        var wanted = TableShape.From(schema, options);
        var shape = await TableEvolution.EnsureAsync(dialect, targetSchema, table, wanted, ct);
        return new WarehouseSink(schema, dialect, options, targetSchema, table, shape);
    }

    protected override async Task WriteBatchAsync(IReadOnlyList<RecordMessage> records, CancellationToken cancellationToken)
    {
        var rows = RowBuilder.Build(records, Shape, Stream, DateTime.UtcNow);
        await _dialect.LoadAsync(new LoadRequest(TargetSchema, Table, Shape, rows, _options.HardDelete), cancellationToken);
        Log.Info($"stream '{Stream}': loaded {rows.Count} rows into {TargetSchema}.{Table}" +
            (rows.Count < records.Count ? $" ({records.Count - rows.Count} duplicate keys in the batch kept last)" : ""));
    }

    protected override async Task ActivateVersionAsync(long version, CancellationToken cancellationToken)
    {
        var soft = Shape.HasColumn("_sdc_deleted_at") && !_options.HardDelete;
        await _dialect.ExecuteAsync(_dialect.ActivateVersionSql(_dialect.QualifiedName(TargetSchema, Table), version, soft), cancellationToken);
        Log.Info($"stream '{Stream}': version {version} activated ({(soft ? "older rows marked deleted" : "older rows deleted")})");
    }
}
