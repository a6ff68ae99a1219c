using Singer.Sdk.Maps.Expressions;

namespace Singer.Sdk.Maps;

/// <summary>
/// Builds a custom <see cref="StreamMap"/> from one entry of <c>stream_maps</c> and the source stream's SCHEMA, as the
/// Meltano SDK does: <c>__filter__</c>, <c>__key_properties__</c>, <c>__else__: null</c>, then each property in order
/// (null removes it, text is an expression, an object is an expression with a declared schema). Every mistake is a
/// <see cref="ConfigurationException"/> naming the stream and property (and the column, for an expression).
/// </summary>
internal static class StreamMapBuilder
{
    public const string Else = "__else__";
    public const string Filter = "__filter__";
    public const string Source = "__source__";
    public const string Alias = "__alias__";
    public const string KeyProperties = "__key_properties__";
    public const string NullText = "__NULL__";

    public static bool IsNull(object? value) => value is null or NullText;

    public static StreamMap Build(SchemaMessage source, string outputStream, Dictionary<string, object?> definition,
        IReadOnlyDictionary<string, object?> config, Flattener? flattener)
    {
        var scope = new MapScope(config, outputStream, source.Stream);
        var filter = definition.TryGetValue(Filter, out var filterText)
            ? Compile(source, outputStream, Filter, filterText as string
                ?? throw new ConfigurationException($"stream_maps: stream '{outputStream}': {Filter} must be an expression (text), not {Describe(filterText)}"))
            : null;
        var keys = KeysOf(source, outputStream, definition);
        var keepUnlisted = true;
        if (definition.TryGetValue(Else, out var otherwise))
        {
            keepUnlisted = IsNull(otherwise)
                ? false
                : throw new ConfigurationException($"stream_maps: stream '{outputStream}': {Else} may only be null (keep only the listed properties), not {Describe(otherwise)}");
        }
        var sourceProperties = source.Schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
        var schema = new Dictionary<string, object?>(source.Schema);
        // Removed properties are left out as the copy is made (not removed after): a freed slot would take the next new
        // property out of order.
        var removed = definition.Where(p => IsNull(p.Value) && p.Key is not (Filter or Else or KeyProperties or Source or Alias)).Select(p => p.Key).ToHashSet();
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, propertySchema) in keepUnlisted ? sourceProperties : [])
        {
            if (!removed.Contains(name))
            {
                properties[name] = propertySchema;
            }
        }
        if (!keepUnlisted)
        {
            // The Meltano docs: with __else__ null the key properties stay, so the target can still merge on them.
            foreach (var key in keys)
            {
                if (sourceProperties.TryGetValue(key, out var keySchema))
                {
                    properties[key] = keySchema;
                }
            }
        }
        var required = (schema.GetValueOrDefault("required") as List<object?>)?.OfType<string>().ToList();
        var maps = new List<PropertyMap>();
        foreach (var (property, value) in definition)
        {
            if (property is Filter or Else or KeyProperties or Source or Alias)
            {
                continue;
            }
            if (IsNull(value))
            {
                if (keys.Contains(property))
                {
                    throw new ConfigurationException($"stream_maps: stream '{outputStream}': property '{property}' is a key property and cannot be removed; "
                        + $"set {KeyProperties} to the new keys (or to null for none) first");
                }
                required?.Remove(property);
                maps.Add(new PropertyMap(property, null));
                continue;
            }
            var (text, declared) = value switch
            {
                string expression => (expression, null),
                Dictionary<string, object?> typed when typed.GetValueOrDefault("expression") is string expression => (expression, WithoutExpression(typed)),
                _ => throw new ConfigurationException($"stream_maps: stream '{outputStream}': property '{property}': expected an expression (text), null, "
                    + $"or an object with \"expression\" and a JSON Schema, not {Describe(value)}"),
            };
            var compiled = Compile(source, outputStream, property, text);
            properties[property] = declared
                ?? compiled.Type.ToSchema()
                ?? properties.GetValueOrDefault(property)
                ?? StaticType.String.ToSchema();
            maps.Add(new PropertyMap(property, compiled));
        }
        foreach (var key in keys)
        {
            if (!properties.ContainsKey(key))
            {
                throw new ConfigurationException($"stream_maps: stream '{outputStream}': key property '{key}' is not in the mapped stream's properties");
            }
        }
        schema["properties"] = properties;
        if (required is not null)
        {
            schema["required"] = required.Where(properties.ContainsKey).Cast<object?>().ToList();
        }
        if (flattener is not null)
        {
            schema = flattener.FlattenSchema(schema);
        }
        var bookmarks = source.BookmarkProperties?.Where(properties.ContainsKey).ToList();
        var output = new SchemaMessage(outputStream, schema, keys, bookmarks);
        return new StreamMap(source.Stream, outputStream, output, filter, maps, keepUnlisted, flattener, scope);
    }

    private static List<string> KeysOf(SchemaMessage source, string outputStream, Dictionary<string, object?> definition)
    {
        if (!definition.TryGetValue(KeyProperties, out var keys))
        {
            return source.KeyProperties.ToList();
        }
        return keys switch
        {
            null => [],
            List<object?> list when list.All(k => k is string) => list.Cast<string>().ToList(),
            _ => throw new ConfigurationException($"stream_maps: stream '{outputStream}': {KeyProperties} must be a list of property names or null, not {Describe(keys)}"),
        };
    }

    private static Dictionary<string, object?> WithoutExpression(Dictionary<string, object?> typed)
    {
        var schema = new Dictionary<string, object?>(typed, StringComparer.Ordinal);
        schema.Remove("expression");
        return schema;
    }

    private static CompiledExpression Compile(SchemaMessage source, string outputStream, string property, string text)
    {
        try
        {
            return new ExpressionBinder(source.Schema, property == Filter ? null : property).Compile(text);
        }
        catch (ExpressionSyntaxException ex)
        {
            throw new ConfigurationException(
                $"stream_maps: stream '{outputStream}': property '{property}': column {ex.Column}: {ex.Message}: {SingerJson.Serialize(text)}");
        }
    }

    internal static string Describe(object? value) => value switch
    {
        null => "null",
        string s => SingerJson.Serialize(s),
        Dictionary<string, object?> => "an object",
        List<object?> => "a list",
        bool b => b ? "true" : "false",
        _ => SingerJson.Serialize(value),
    };
}
