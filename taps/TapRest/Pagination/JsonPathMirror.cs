using System.Numerics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Singer.Sdk;

namespace TapRest.Pagination;

/// <summary>
/// A body's values as Newtonsoft.Json tokens, for JSONPath expressions beyond plain names (filters, slices, recursive
/// descent): each token remembers the value it was made from, so a match hands back the original value (a BigDecimal
/// stays exact) rather than a converted copy.
/// </summary>
internal sealed class JsonPathMirror
{
    private readonly Dictionary<JToken, object?> _sources = new(ReferenceEqualityComparer.Instance);

    public JsonPathMirror(object? value) => Root = Build(value);

    public JToken Root { get; }

    /// <summary>Every match of <paramref name="path"/>, as the values the matched tokens were made from.</summary>
    public IReadOnlyList<object?> Select(string path)
    {
        try
        {
            return Root.SelectTokens(path).Select(token => _sources.GetValueOrDefault(token)).ToList();
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"JSONPath '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    private JToken Build(object? value)
    {
        JToken token = value switch
        {
            Dictionary<string, object?> map => new JObject(map.Select(p => new JProperty(p.Key, Build(p.Value)))),
            List<object?> list => new JArray(list.Select(Build)),
            null => JValue.CreateNull(),
            string text => new JValue(text),
            bool flag => new JValue(flag),
            long integer => new JValue(integer),
            BigInteger big => new JValue(big),
            decimal number => new JValue(number),
            double number => new JValue(number),
            BigDecimal exact => exact.TryToDecimal(out var number) ? new JValue(number) : new JValue(exact.ToDouble()),
            _ => new JValue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
        };
        _sources[token] = value;
        return token;
    }
}
