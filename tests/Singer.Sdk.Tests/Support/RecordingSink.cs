namespace Singer.Sdk.Tests.Support;

/// <summary>A sink that loads nothing but notes every call in the shared event list, in order.</summary>
internal sealed class RecordingSink : Sink
{
    private readonly List<string> _events;
    private readonly Func<IReadOnlyList<RecordMessage>, Exception?> _failBatch;

    public RecordingSink(SchemaMessage schema, List<string> events, Func<IReadOnlyList<RecordMessage>, Exception?> failBatch)
        : base(schema)
    {
        _events = events;
        _failBatch = failBatch;
    }

    public List<IReadOnlyList<RecordMessage>> Batches { get; } = [];

    public static string Ids(IEnumerable<RecordMessage> records) =>
        string.Join(",", records.Select(r => SingerJson.Serialize(r.Record.GetValueOrDefault("id"))));

    protected internal override Task WriteBatchAsync(IReadOnlyList<RecordMessage> records, CancellationToken cancellationToken)
    {
        if (_failBatch(records) is { } failure)
        {
            _events.Add($"failed batch {Stream}: {Ids(records)}");
            throw failure;
        }
        _events.Add($"batch {Stream}: {Ids(records)}");
        Batches.Add(records);
        return Task.CompletedTask;
    }

    protected internal override Task ActivateVersionAsync(long version, CancellationToken cancellationToken)
    {
        _events.Add($"activate {Stream} {version}");
        return Task.CompletedTask;
    }

    protected internal override Task CloseAsync(CancellationToken cancellationToken)
    {
        _events.Add($"close {Stream}");
        return Task.CompletedTask;
    }
}
