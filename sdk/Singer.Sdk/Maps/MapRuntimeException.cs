namespace Singer.Sdk.Maps;

/// <summary>A map expression failed on a record; names the stream and property (a target adds the input line). Exit 1.</summary>
public sealed class MapRuntimeException : SingerException
{
    internal MapRuntimeException(string stream, string property, string expression, string problem)
        : base($"stream '{stream}': property '{property}': stream map expression {expression} failed: {problem}")
    {
        Stream = stream;
        Property = property;
        Problem = $"stream map expression {expression} failed: {problem}";
    }

    public string Stream { get; }

    public string Property { get; }

    /// <summary>The failure without the stream and property.</summary>
    public string Problem { get; }
}
