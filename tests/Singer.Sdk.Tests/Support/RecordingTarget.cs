namespace Singer.Sdk.Tests.Support;

/// <summary>A target whose sinks record batches into a shared event list (see <see cref="RecordingSink"/>).</summary>
internal sealed class RecordingTarget : Target
{
    private readonly List<string> _events;
    private readonly Func<IReadOnlyList<RecordMessage>, Exception?> _failBatch;

    public RecordingTarget(PluginConfig config, List<string> events, Func<IReadOnlyList<RecordMessage>, Exception?>? failBatch = null)
        : base(config)
    {
        _events = events;
        _failBatch = failBatch ?? (_ => null);
    }

    public List<RecordingSink> Sinks { get; } = [];

    public override Task<Sink> CreateSinkAsync(SchemaMessage schema, CancellationToken cancellationToken)
    {
        _events.Add($"create {schema.Stream}");
        var sink = new RecordingSink(schema, _events, _failBatch);
        Sinks.Add(sink);
        return Task.FromResult<Sink>(sink);
    }

    public override Task CloseAsync(CancellationToken cancellationToken)
    {
        _events.Add("target close");
        return Task.CompletedTask;
    }
}
