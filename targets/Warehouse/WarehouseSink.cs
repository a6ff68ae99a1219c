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
    private StagedBatch? _batch;
    private long _sequence;
    private readonly HashSet<object> _batchKeys = [];
    private bool _keysRepeat;
    private int[]? _keyIndexes;
    private RowBuilder.ValueMap? _valueMap;
    private long? _activated; // the version an ACTIVATE_VERSION of this sink last made the table's oldest
    private long _oldestSince = long.MaxValue; // the lowest version staged since then (long.MinValue: a record without one)

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
        dialect.SinkOpened(dialect.QualifiedName(targetSchema, table));
        return new WarehouseSink(schema, dialect, options, targetSchema, table, shape);
    }

    /// <summary>Records go to the staging table as they arrive; nothing of a batch is held in memory.</summary>
    protected override bool StagesRecords => true;

    protected override async ValueTask StageAsync(RecordMessage record, CancellationToken cancellationToken)
    {
        if (_batch is null)
        {
            _batch = await _dialect.BeginBatchAsync(TargetSchema, Table, Shape, _options.HardDelete, cancellationToken);
        }
        _oldestSince = Math.Min(_oldestSince, record.Version ?? long.MinValue);
        if (!record.Encoded.IsEmpty)
        {
            _keysRepeat = Shape.Keys.Count > 0; // its key is not read here: the merge ranks the batch by key
            await _batch.WriteEncodedAsync(record, ++_sequence, cancellationToken);
            return;
        }
        var row = RowBuilder.BuildRow(record, Shape, Stream, _batch.BatchedAt, ++_sequence, _valueMap ??= new RowBuilder.ValueMap(Shape));
        if (!_keysRepeat && Shape.Keys.Count > 0 && !_batchKeys.Add(KeyOf(row)))
        {
            _keysRepeat = true;
        }
        await _batch.WriteAsync(row, cancellationToken);
    }

    /// <summary>The key of a row as a set member, compared by value as the database compares it (see <see cref="BatchKey"/>).</summary>
    private object KeyOf(object?[] row)
    {
        _keyIndexes ??= Shape.Keys.Select(k => Shape.Columns.Select((c, i) => (c, i)).First(p => p.c.Name == k).i).ToArray();
        return BatchKey.Of(row, _keyIndexes, Shape.Columns);
    }

    /// <summary>Batches of a dialect that stages each batch on a connection of its own commit while the next one stages.</summary>
    protected override bool CommitsInBackground => _dialect.CommitsInBackground;

    protected override Task CommitStagedAsync(CancellationToken cancellationToken)
    {
        if (_batch is not { } batch)
        {
            return Task.CompletedTask;
        }
        // Taken off the sink before anything is awaited: the next record starts the next batch (see CommitsInBackground).
        batch.KeysMayRepeat = _keysRepeat;
        _batch = null;
        _batchKeys.Clear();
        _keysRepeat = false;
        return CommitAsync(batch, cancellationToken);
    }

    private async Task CommitAsync(StagedBatch batch, CancellationToken cancellationToken)
    {
        await using (batch)
        {
            await batch.CommitAsync(cancellationToken);
        }
        Log.Info($"stream '{Stream}': loaded a batch into {TargetSchema}.{Table} (the last record of each key kept)");
    }

    protected override async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_batch is not null)
        {
            await _batch.DisposeAsync();
            _batch = null;
        }
    }

    /// <summary>
    /// Deletes (or marks) the rows older than <paramref name="version"/>. Skipped when this run has made sure there are
    /// none: this sink already activated a version at least as new, loaded only records at least as new since, and no
    /// other sink of the run loads the table. A full table sync ends so (ACTIVATE_VERSION before its first record and
    /// after its last), and the second statement would read the whole table to find nothing.
    /// </summary>
    protected override async Task ActivateVersionAsync(long version, CancellationToken cancellationToken)
    {
        var soft = Shape.HasColumn("_sdc_deleted_at") && !_options.HardDelete;
        var target = _dialect.QualifiedName(TargetSchema, Table);
        if (_activated >= version && _oldestSince >= version && _dialect.SinksOpened(target) == 1)
        {
            Log.Info($"stream '{Stream}': version {version} activated (no older rows: version {_activated} was activated in this run and every record since has a version at least as new)");
            return;
        }
        await _dialect.ExecuteAsync(_dialect.ActivateVersionSql(target, version, soft), cancellationToken);
        _activated = version;
        _oldestSince = long.MaxValue;
        Log.Info($"stream '{Stream}': version {version} activated ({(soft ? "older rows marked deleted" : "older rows deleted")})");
    }
}
