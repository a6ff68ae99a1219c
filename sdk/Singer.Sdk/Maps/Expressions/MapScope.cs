namespace Singer.Sdk.Maps.Expressions;

/// <summary>What an expression sees while it runs on one record: the names <c>record</c>/<c>_</c>, <c>self</c>, <c>config</c> and the stream names.</summary>
internal sealed class MapScope
{
    public MapScope(IReadOnlyDictionary<string, object?> config, string streamName, string originalStreamName)
    {
        Config = config;
        StreamName = streamName;
        OriginalStreamName = originalStreamName;
    }

    public Dictionary<string, object?> Record { get; set; } = [];

    /// <summary>The property being computed, whose current value is <c>self</c> (null for <c>__filter__</c>).</summary>
    public string? Property { get; set; }

    public IReadOnlyDictionary<string, object?> Config { get; }

    public string StreamName { get; }

    public string OriginalStreamName { get; }

    /// <summary>The variables of the comprehensions being evaluated, innermost last.</summary>
    public Dictionary<string, object?> Locals { get; } = new(StringComparer.Ordinal);
}
