namespace Singer.Sdk.Schema;

/// <summary>Reads a schema object into <see cref="JsonSchema"/>; a malformed keyword is an error naming its path.</summary>
internal static class JsonSchemaParser
{
    private static readonly Dictionary<string, JsonTypes> TypeNames = new(StringComparer.Ordinal)
    {
        ["null"] = JsonTypes.Null,
        ["boolean"] = JsonTypes.Boolean,
        ["integer"] = JsonTypes.Integer,
        ["number"] = JsonTypes.Number,
        ["string"] = JsonTypes.String,
        ["object"] = JsonTypes.Object,
        ["array"] = JsonTypes.Array,
    };

    public static JsonSchema Parse(Dictionary<string, object?> schema, string path)
    {
        var (minimum, minimumExclusive) = Bound(schema, "minimum", "exclusiveMinimum", isLower: true, path);
        var (maximum, maximumExclusive) = Bound(schema, "maximum", "exclusiveMaximum", isLower: false, path);
        return new JsonSchema(schema)
        {
            Types = ParseTypes(schema.GetValueOrDefault("type"), path),
            Format = schema.GetValueOrDefault("format") as string,
            Properties = ParseProperties(schema.GetValueOrDefault("properties"), path),
            Items = schema.GetValueOrDefault("items") is Dictionary<string, object?> items ? Parse(items, path + "[]") : null,
            AnyOf = ParseBranches(schema.GetValueOrDefault("anyOf") ?? schema.GetValueOrDefault("oneOf"), path),
            MultipleOf = Number(schema, "multipleOf", path),
            Minimum = minimum,
            MinimumIsExclusive = minimumExclusive,
            Maximum = maximum,
            MaximumIsExclusive = maximumExclusive,
            MaxLength = Length(schema, "maxLength", path),
            MinLength = Length(schema, "minLength", path),
            Enum = schema.GetValueOrDefault("enum") as List<object?>,
            Required = schema.GetValueOrDefault("required") is List<object?> required ? required.OfType<string>().ToList() : [],
        };
    }

    private static JsonTypes ParseTypes(object? type, string path) => type switch
    {
        null => JsonTypes.None,
        string name => TypeOf(name, path),
        List<object?> names => names.Aggregate(JsonTypes.None, (all, n) => all | TypeOf(n as string ?? "", path)),
        _ => throw Invalid(path, "'type' must be a string or a list of strings"),
    };

    private static JsonTypes TypeOf(string name, string path) =>
        TypeNames.TryGetValue(name, out var type) ? type : throw Invalid(path, $"unknown type '{name}'");

    private static Dictionary<string, JsonSchema>? ParseProperties(object? properties, string path)
    {
        if (properties is null)
        {
            return null;
        }
        if (properties is not Dictionary<string, object?> map)
        {
            throw Invalid(path, "'properties' must be an object");
        }
        var result = new Dictionary<string, JsonSchema>(map.Count, StringComparer.Ordinal);
        foreach (var (name, value) in map)
        {
            var childPath = path.Length == 0 ? name : path + "." + name;
            result[name] = value is Dictionary<string, object?> child
                ? Parse(child, childPath)
                : throw Invalid(childPath, "a property schema must be an object");
        }
        return result;
    }

    private static List<JsonSchema>? ParseBranches(object? value, string path) => value switch
    {
        null => null,
        List<object?> branches => branches.ConvertAll(b => b is Dictionary<string, object?> d ? Parse(d, path) : throw Invalid(path, "anyOf entries must be objects")),
        _ => throw Invalid(path, "'anyOf' must be a list"),
    };

    private static (object? Bound, bool Exclusive) Bound(Dictionary<string, object?> schema, string inclusive, string exclusive, bool isLower, string path)
    {
        var exclusiveValue = schema.GetValueOrDefault(exclusive);
        if (exclusiveValue is bool draft4Flag)
        {
            return (Number(schema, inclusive, path), draft4Flag);
        }
        if (exclusiveValue is null)
        {
            return (Number(schema, inclusive, path), false);
        }
        // Draft 6 numeric form: both keywords apply independently, so the tighter one is the bound.
        var exclusiveBound = Number(schema, exclusive, path)!;
        var inclusiveBound = Number(schema, inclusive, path);
        var inclusiveIsTighter = inclusiveBound is not null
            && ExactNumber.Compare(inclusiveBound, exclusiveBound) * (isLower ? 1 : -1) > 0;
        return inclusiveIsTighter ? (inclusiveBound, false) : (exclusiveBound, true);
    }

    private static object? Number(Dictionary<string, object?> schema, string keyword, string path)
    {
        var value = schema.GetValueOrDefault(keyword);
        if (value is null or long or decimal)
        {
            return value;
        }
        if (!ExactNumber.IsNumber(value))
        {
            throw Invalid(path, $"'{keyword}' must be a number");
        }
        // 1e-10 arrives as a BigDecimal; as a decimal the validator compares without allocating.
        return ExactNumber.TryToDecimal(value, out var exact) ? exact : value;
    }

    private static int? Length(Dictionary<string, object?> schema, string keyword, string path) => schema.GetValueOrDefault(keyword) switch
    {
        null => null,
        long l => (int)Math.Min(l, int.MaxValue),
        // 3.0 is the integer 3 in JSON Schema; only a length beyond int is no limit at all.
        var other when ExactNumber.IsInteger(other) => ExactNumber.TryToDecimal(other, out var d) && d < int.MaxValue ? (int)d : int.MaxValue,
        _ => throw Invalid(path, $"'{keyword}' must be an integer"),
    };

    private static SingerException Invalid(string path, string what) =>
        new(path.Length == 0 ? $"invalid schema: {what}" : $"invalid schema at '{path}': {what}");
}
