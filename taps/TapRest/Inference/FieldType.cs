using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace TapRest.Inference;

/// <summary>
/// Maps between values, kind sets and JSON Schema types. Widening: integer + number → number, a date-time string
/// with other strings → string, any other mix → string; null never narrows anything (every type is nullable).
/// </summary>
internal static partial class FieldType
{
    /// <summary>RFC 3339 date-time with an offset: what a target can load as a timestamp without guessing a zone.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|z|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTimePattern();

    public static ValueKinds KindOf(object? value) => value switch
    {
        null => ValueKinds.Null,
        bool => ValueKinds.Boolean,
        long or int or BigInteger => ValueKinds.Integer,
        decimal or double or Singer.Sdk.BigDecimal => ValueKinds.Number,
        string s when LooksLikeDateTime(s) && DateTimePattern().IsMatch(s) && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.None, out _) => ValueKinds.DateTime,
        string => ValueKinds.String,
        Dictionary<string, object?> => ValueKinds.Object,
        _ => ValueKinds.Array,
    };

    /// <summary>A cheap first test before the pattern, which would otherwise run on every string of every record.</summary>
    private static bool LooksLikeDateTime(string s) => s.Length >= 20 && s[4] == '-' && s[10] == 'T';

    /// <summary>The one JSON Schema type (or "date-time", or "any") a set of kinds resolves to.</summary>
    public static string Resolve(ValueKinds kinds)
    {
        if (kinds.HasFlag(ValueKinds.Any))
        {
            return "any";
        }
        return (kinds & ~ValueKinds.Null) switch
        {
            ValueKinds.None => "string",
            ValueKinds.Boolean => "boolean",
            ValueKinds.Integer => "integer",
            ValueKinds.Number or (ValueKinds.Integer | ValueKinds.Number) => "number",
            ValueKinds.DateTime => "date-time",
            ValueKinds.Object => "object",
            ValueKinds.Array => "array",
            _ => "string",
        };
    }

    public static Dictionary<string, object?> Schema(string resolved) => resolved == "date-time"
        ? new Dictionary<string, object?> { ["type"] = new List<object?> { "null", "string" }, ["format"] = "date-time" }
        : new Dictionary<string, object?> { ["type"] = new List<object?> { "null", resolved } };

    /// <summary>The kinds a catalog property's schema allows.</summary>
    public static ValueKinds FromSchema(Dictionary<string, object?> property)
    {
        var types = property.GetValueOrDefault("type") switch
        {
            string one => [one],
            List<object?> many => many.OfType<string>().ToList(),
            _ => [],
        };
        var kinds = ValueKinds.None;
        foreach (var type in types)
        {
            kinds |= type switch
            {
                "null" => ValueKinds.Null,
                "boolean" => ValueKinds.Boolean,
                "integer" => ValueKinds.Integer,
                "number" => ValueKinds.Number,
                "string" when property.GetValueOrDefault("format") as string == "date-time" => ValueKinds.DateTime,
                "string" => ValueKinds.String,
                "object" => ValueKinds.Object,
                "array" => ValueKinds.Array,
                _ => ValueKinds.Any,
            };
        }
        return (kinds & ~ValueKinds.Null) == ValueKinds.None ? ValueKinds.Any : kinds;
    }
}
