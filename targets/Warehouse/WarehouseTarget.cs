using Singer.Sdk;

namespace Warehouse;

/// <summary>A target that loads every stream into a SQL warehouse through one <see cref="SqlDialect"/>.</summary>
public abstract class WarehouseTarget : Target
{
    private SqlDialect? _dialect;

    protected WarehouseTarget(PluginConfig config, string defaultSchema) : base(config)
    {
        Options = WarehouseOptions.From(config, defaultSchema);
    }

    public WarehouseOptions Options { get; }

    /// <summary>Rows are merged on their keys: a record without a key value stops the run at its line.</summary>
    protected override bool RequiresKeyProperties => true;

    /// <summary>Opens the warehouse connection (called once, at the first SCHEMA).</summary>
    protected abstract Task<SqlDialect> OpenAsync(CancellationToken cancellationToken);

    public override async Task InitializeAsync(CancellationToken cancellationToken) =>
        _dialect ??= await OpenAsync(cancellationToken);

    /// <summary>Records become values in schema order on the parsing thread; the sink places them in columns.</summary>
    protected override RecordTranscoder? CreateRecordTranscoder(SchemaMessage schema) =>
        ValuesRecordTranscoder.For(JsonSchema.Parse(schema.Schema));

    public override async Task<Sink> CreateSinkAsync(SchemaMessage schema, CancellationToken cancellationToken)
    {
        _dialect ??= await OpenAsync(cancellationToken);
        return await WarehouseSink.CreateAsync(schema, _dialect, Options, cancellationToken);
    }

    public override async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_dialect is not null)
        {
            await _dialect.DisposeAsync();
        }
    }
}
