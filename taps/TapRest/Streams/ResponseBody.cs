using System.Numerics;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using Singer.Sdk;

namespace TapRest.Streams;

/// <summary>
/// A response body parsed for JSONPath (Newtonsoft.Json: dates left as text, non-integers as exact decimals) and its
/// values turned into the SDK's record values (dictionaries, lists, long/BigInteger/decimal, string, bool).
/// </summary>
internal static class ResponseBody
{
    public static JToken Parse(string body, string where)
    {
        try
        {
            using var reader = new JsonTextReader(new StringReader(body))
            {
                DateParseHandling = DateParseHandling.None,
                FloatParseHandling = FloatParseHandling.Decimal,
                MaxDepth = 256, // as deep as the SDK's targets read a line (Newtonsoft's default is 64)
            };
            var token = JToken.ReadFrom(reader);
            if (reader.Read())
            {
                throw new JsonReaderException($"unexpected content after the JSON value at position {reader.LinePosition}");
            }
            return token;
        }
        catch (JsonException ex)
        {
            var start = body.ReplaceLineEndings(" ").Trim();
            throw new SingerException($"{where} returned a body that is not JSON ({ex.Message.Split(". Path")[0].TrimEnd('.')}); it starts: {(start.Length > 80 ? start[..80] + "…" : start)}");
        }
    }

    public static object? ToValue(JToken token) => token switch
    {
        JObject obj => obj.Properties().Aggregate(new Dictionary<string, object?>(StringComparer.Ordinal), (map, p) =>
        {
            map[p.Name] = ToValue(p.Value);
            return map;
        }),
        JArray array => array.Select(ToValue).ToList(),
        JValue { Value: null } => null,
        JValue { Value: BigInteger big } => big,
        JValue { Value: long or int } value => Convert.ToInt64(value.Value, System.Globalization.CultureInfo.InvariantCulture),
        JValue { Value: decimal or double } value => value.Value is double d ? (object)d : (decimal)value.Value!,
        JValue { Value: bool b } => b,
        JValue value => value.Value?.ToString(),
        _ => token.ToString(Formatting.None),
    };
}
