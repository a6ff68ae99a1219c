using Singer.Sdk;

namespace Warehouse;

/// <summary>A target that loads every stream into a SQL warehouse through one <see cref="SqlDialect"/>.</summary>
public abstract class WarehouseTarget : Target
{
    private SqlDialect? _dialect;

    // The stream loading into each table this run ("schema.table", compared as the database compares names).
    private readonly Dictionary<string, string> _streamOfTable;

    protected WarehouseTarget(PluginConfig config, string defaultSchema, IdentifierRules identifiers) : base(config)
    {
        Options = WarehouseOptions.From(config, defaultSchema, identifiers);
        _streamOfTable = new Dictionary<string, string>(identifiers.Comparer);
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
        ClaimTable(schema.Stream);
        _dialect ??= await OpenAsync(cancellationToken);
        return await WarehouseSink.CreateAsync(schema, _dialect, Options, cancellationToken);
    }

    /// <summary>
    /// Refuses a second stream whose name becomes a table another stream loads into (users and USERS, a.b and a_b,
    /// db1-users and db2-users without schema_mapping): their rows would replace each other's, and a PostgreSQL upsert
    /// would empty the columns only the other stream has. Checked at the SCHEMA, before any of its records.
    /// </summary>
    private void ClaimTable(string stream)
    {
        var schema = Options.TargetSchemaFor(stream);
        var (_, table) = Naming.Stream(stream);
        var name = $"{schema}.{table}";
        if (_streamOfTable.TryGetValue(name, out var other) && other != stream)
        {
            throw new SingerException(
                $"streams '{other}' and '{stream}' both load into table {name}; rename one with a stream map, or map their source schemas apart with schema_mapping");
        }
        _streamOfTable[name] = stream;
    }

    public override async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_dialect is not null)
        {
            await _dialect.DisposeAsync();
        }
    }
}
