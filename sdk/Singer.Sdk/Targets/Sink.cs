namespace Singer.Sdk;

/// <summary>
/// Loads one stream. The base class buffers records; <see cref="WriteBatchAsync"/> must make a batch
/// durable before it returns, because the STATE that follows is passed on right after.
/// </summary>
public abstract class Sink
{
    private List<RecordMessage> _pending = [];

    protected Sink(SchemaMessage schema)
    {
        Schema = schema;
    }

    public SchemaMessage Schema { get; }

    public string Stream => Schema.Stream;

    public int PendingCount => _pending.Count;

    public long PendingBytes { get; private set; }

    /// <summary>Records loaded so far.</summary>
    public long LoadedCount { get; private set; }

    internal void Add(RecordMessage record, int byteCount)
    {
        _pending.Add(record);
        PendingBytes += byteCount;
    }

    internal async Task DrainAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        // The batch stays pending until it is loaded: were it dropped first, a failed write would leave
        // every sink empty and the drain after a ProtocolException would pass on a state it does not cover.
        var batch = _pending;
        await WriteBatchAsync(batch, cancellationToken);
        _pending = [];
        PendingBytes = 0;
        LoadedCount += batch.Count;
    }

    /// <summary>Loads a batch durably (commit, upload, fsync) before returning.</summary>
    protected internal abstract Task WriteBatchAsync(IReadOnlyList<RecordMessage> records, CancellationToken cancellationToken);

    /// <summary>Rows of older versions may be removed; called after every earlier record of the stream is loaded.</summary>
    protected internal virtual Task ActivateVersionAsync(long version, CancellationToken cancellationToken)
    {
        Log.Warning($"stream '{Stream}': ACTIVATE_VERSION {version} ignored: this target does not support it");
        return Task.CompletedTask;
    }

    /// <summary>Called once, after the last batch, or when the stream's schema changes.</summary>
    protected internal virtual Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
