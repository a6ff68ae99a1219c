namespace Singer.Sdk;

/// <summary>
/// Loads one stream, a batch at a time. Either the base class buffers a batch of records and hands it to
/// <see cref="WriteBatchAsync"/>, or a sink that can take records one by one (a staging table, an upload
/// in progress) sets <see cref="StagesRecords"/> and holds nothing in memory: <see cref="StageAsync"/> per
/// record, <see cref="CommitStagedAsync"/> per batch. Either way a batch must be durable when the call
/// returns, because the STATE that follows is passed on right after.
/// </summary>
public abstract class Sink
{
    private List<RecordMessage> _pending = [];
    private int _pendingCount;

    protected Sink(SchemaMessage schema)
    {
        Schema = schema;
    }

    public SchemaMessage Schema { get; }

    public string Stream => Schema.Stream;

    public int PendingCount => _pendingCount;

    public long PendingBytes { get; private set; }

    /// <summary>Records loaded so far.</summary>
    public long LoadedCount { get; private set; }

    internal async ValueTask AddAsync(RecordMessage record, int byteCount, CancellationToken cancellationToken)
    {
        if (StagesRecords)
        {
            await StageAsync(record, cancellationToken);
        }
        else
        {
            _pending.Add(record);
        }
        _pendingCount++;
        PendingBytes += byteCount;
    }

    internal async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_pendingCount == 0)
        {
            return;
        }
        // The batch stays pending until it is loaded: were it dropped first, a failed write would leave
        // every sink empty and the drain after a ProtocolException would pass on a state it does not cover.
        if (StagesRecords)
        {
            await CommitStagedAsync(cancellationToken);
        }
        else
        {
            await WriteBatchAsync(_pending, cancellationToken);
            _pending = [];
        }
        MarkLoaded();
    }

    /// <summary>
    /// Loads the pending records like <see cref="DrainAsync"/>, but returns the commit without waiting for it: the
    /// caller may stage more records meanwhile and must await the task before relying on the batch.
    /// </summary>
    internal Task StartDrain(CancellationToken cancellationToken)
    {
        if (_pendingCount == 0)
        {
            return Task.CompletedTask;
        }
        var commit = CommitStagedAsync(cancellationToken);
        MarkLoaded();
        return commit;
    }

    /// <summary>The pending records are loaded (or their commit is under way): the next batch starts empty.</summary>
    private void MarkLoaded()
    {
        LoadedCount += _pendingCount;
        _pendingCount = 0;
        PendingBytes = 0;
    }

    /// <summary>
    /// True when a staged batch can commit while the next one stages (<see cref="StagesRecords"/> sinks only): the
    /// sink's <see cref="CommitStagedAsync"/> then takes the batch off the sink before its first await, so
    /// <see cref="StageAsync"/> can start the next batch while the returned task runs.
    /// </summary>
    protected internal virtual bool CommitsInBackground => false;

    /// <summary>True when the sink takes records one by one (<see cref="StageAsync"/>) instead of in a buffered batch.</summary>
    protected internal virtual bool StagesRecords => false;

    /// <summary>Loads a buffered batch durably (commit, upload, fsync) before returning.</summary>
    protected internal virtual Task WriteBatchAsync(IReadOnlyList<RecordMessage> records, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} must override WriteBatchAsync or stage records");

    /// <summary>Takes one record of the current batch (when <see cref="StagesRecords"/>).</summary>
    protected internal virtual ValueTask StageAsync(RecordMessage record, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not stage records");

    /// <summary>Makes the staged batch durable (when <see cref="StagesRecords"/>).</summary>
    protected internal virtual Task CommitStagedAsync(CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not stage records");

    /// <summary>Rows of older versions may be removed; called after every earlier record of the stream is loaded.</summary>
    protected internal virtual Task ActivateVersionAsync(long version, CancellationToken cancellationToken)
    {
        Log.Warning($"stream '{Stream}': ACTIVATE_VERSION {version} ignored: this target does not support it");
        return Task.CompletedTask;
    }

    /// <summary>Called once, after the last batch, or when the stream's schema changes.</summary>
    protected internal virtual Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
