using Singer.Sdk.Maps.Expressions;

namespace Singer.Sdk.Maps;

/// <summary>
/// <c>__alias__</c>: an expression over <c>__stream_name__</c> (<c>__stream_name__ + '_v2'</c>), or, as in the Meltano SDK,
/// the text itself when it is not one (<c>customers_v2</c>, <c>customers-v2</c>).
/// </summary>
internal static class StreamAlias
{
    private static readonly Dictionary<string, object?> NoProperties = new() { ["properties"] = new Dictionary<string, object?>() };

    public static string Evaluate(string alias, string streamName)
    {
        if (string.IsNullOrWhiteSpace(alias))
        {
            throw new ConfigurationException($"stream_maps: stream '{streamName}': {StreamMapBuilder.Alias} must name a stream, not {SingerJson.Serialize(alias)}");
        }
        CompiledExpression compiled;
        try
        {
            compiled = new ExpressionBinder(NoProperties, null).Compile(alias);
        }
        catch (ExpressionSyntaxException)
        {
            return alias;
        }
        try
        {
            var name = compiled.Evaluate(new MapScope(new Dictionary<string, object?>(), streamName, streamName));
            return name is string text && text.Length > 0
                ? text
                : throw new ConfigurationException($"stream_maps: stream '{streamName}': {StreamMapBuilder.Alias} {SingerJson.Serialize(alias)} must give a stream name (text), not {PythonText.Repr(name)}");
        }
        catch (MapEvaluationException ex)
        {
            throw new ConfigurationException($"stream_maps: stream '{streamName}': {StreamMapBuilder.Alias} {SingerJson.Serialize(alias)} failed: {ex.Message}");
        }
    }
}
