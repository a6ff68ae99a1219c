namespace Singer.Sdk.Maps;

/// <summary>
/// Meltano's flattening (<c>flattening_enabled</c>, <c>flattening_max_depth</c>): an object property becomes one
/// <c>parent__child</c> column per nested property, down to the depth; an object deeper than that, and every array,
/// becomes its JSON text (a nullable string in the schema). The schema and the record are flattened by the same
/// rules, so a column and its values always agree.
/// </summary>
internal sealed class Flattener
{
    public const string Separator = "__";

    public Flattener(int maxDepth)
    {
        MaxDepth = maxDepth;
    }

    public int MaxDepth { get; }

    public Dictionary<string, object?> FlattenSchema(Dictionary<string, object?> schema)
    {
        var flattened = new Dictionary<string, object?>(schema);
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (schema.GetValueOrDefault("properties") is Dictionary<string, object?> source)
        {
            AddSchemaProperties(properties, source, prefix: "", level: 0);
        }
        flattened["properties"] = properties;
        return flattened;
    }

    private void AddSchemaProperties(Dictionary<string, object?> into, Dictionary<string, object?> properties, string prefix, int level)
    {
        foreach (var (name, value) in properties)
        {
            var key = prefix + name;
            var schema = value as Dictionary<string, object?> ?? [];
            var types = Types(schema);
            if (types.Contains("object") && schema.GetValueOrDefault("properties") is Dictionary<string, object?> nested && level < MaxDepth)
            {
                AddSchemaProperties(into, nested, key + Separator, level + 1);
            }
            else if (types.Contains("array") || types.Contains("object"))
            {
                Add(into, key, new Dictionary<string, object?> { ["type"] = types.Contains("null") ? new List<object?> { "string", "null" } : "string" });
            }
            else if (!schema.ContainsKey("type") && !schema.ContainsKey("anyOf") && !schema.ContainsKey("oneOf"))
            {
                Add(into, key, new Dictionary<string, object?> { ["type"] = new List<object?> { "null", "string" } });
            }
            else
            {
                Add(into, key, schema);
            }
        }
    }

    /// <summary>Two paths that flatten to one name (a property <c>a__b</c> beside <c>a: {b}</c>) would load into one column: refuse them.</summary>
    private static void Add(Dictionary<string, object?> into, string key, object? schema)
    {
        if (!into.TryAdd(key, schema))
        {
            throw new ConfigurationException($"flattening: two properties flatten to the same column '{key}'");
        }
    }

    private static HashSet<string> Types(Dictionary<string, object?> schema) => schema.GetValueOrDefault("type") switch
    {
        string type => [type],
        List<object?> list => list.OfType<string>().ToHashSet(StringComparer.Ordinal),
        _ => [],
    };

    /// <summary>Flattens one record against its flattened schema (a nested object whose path is a column of its own is not opened).</summary>
    public Dictionary<string, object?> FlattenRecord(Dictionary<string, object?> record, Dictionary<string, object?> flattenedSchema)
    {
        var columns = flattenedSchema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
        var result = new Dictionary<string, object?>(record.Count, StringComparer.Ordinal);
        AddRecordValues(result, record, columns, prefix: "", level: 0);
        return result;
    }

    private void AddRecordValues(Dictionary<string, object?> into, Dictionary<string, object?> node, Dictionary<string, object?> columns, string prefix, int level)
    {
        foreach (var (name, value) in node)
        {
            var key = prefix + name;
            if (value is Dictionary<string, object?> nested && !columns.ContainsKey(key) && level < MaxDepth)
            {
                AddRecordValues(into, nested, columns, key + Separator, level + 1);
            }
            else
            {
                into[key] = value is Dictionary<string, object?> or List<object?> ? SingerJson.Serialize(value) : value;
            }
        }
    }
}
