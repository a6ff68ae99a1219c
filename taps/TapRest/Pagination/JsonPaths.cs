using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Singer.Sdk;

namespace TapRest.Pagination;

/// <summary>JSONPath over a body with Newtonsoft.Json's SelectTokens (filters included); a bad path is a config error.</summary>
internal static class JsonPaths
{
    public static IEnumerable<JToken> Select(JToken body, string path)
    {
        try
        {
            return body.SelectTokens(path).ToList();
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"JSONPath '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    public static JToken? First(JToken body, string path) => Select(body, path).FirstOrDefault();

    /// <summary>The first match as text (a string's value, a number's literal); null for no match or JSON null.</summary>
    public static string? FirstText(JToken body, string path) => First(body, path) switch
    {
        null or { Type: JTokenType.Null } => null,
        JValue { Value: string text } => text,
        JValue value => value.ToString(Formatting.None).Trim('"'),
        var other => other.ToString(Formatting.None),
    };
}
