namespace Singer.Sdk.Targets;

/// <summary>
/// The rule of a target that opts in with <see cref="Target.RequiresKeyProperties"/>: every record carries a non-null
/// value for each of its stream's key properties. A warehouse merges on them, and would otherwise fail at commit
/// (NOT NULL, 23502) with a whole batch of good records pending. singer-check applies the same rule.
/// </summary>
public static class KeyPropertyCheck
{
    /// <summary>Stops the run at <paramref name="lineNumber"/> when a key property of the record is missing or null.</summary>
    public static void Check(SchemaMessage schema, RecordMessage record, long lineNumber)
    {
        foreach (var key in schema.KeyProperties)
        {
            if (!record.Record.TryGetValue(key, out var value))
            {
                throw new ProtocolException(lineNumber, $"key property '{key}' is missing", record.Stream);
            }
            if (value is null)
            {
                throw new ProtocolException(lineNumber, $"key property '{key}' is null", record.Stream);
            }
        }
    }

    /// <summary>
    /// The schema a transcoder is built from, so that it takes only records with every key present and non-null: the
    /// keys become required and lose "null" from their type; a key whose schema cannot say "not null" that way (no
    /// type, only "null", anyOf) is wrapped in an anyOf, which transcoders never take. Any record the transcoder then
    /// declines goes the ordinary way, through <see cref="Check"/>.
    /// </summary>
    internal static SchemaMessage ForTranscoding(SchemaMessage schema)
    {
        if (schema.KeyProperties.Count == 0 || schema.Schema.GetValueOrDefault("properties") is not Dictionary<string, object?>)
        {
            return schema;
        }
        var copy = StateMerger.DeepCopy(schema.Schema);
        var properties = (Dictionary<string, object?>)copy["properties"]!;
        var required = copy.GetValueOrDefault("required") as List<object?> ?? [];
        foreach (var key in schema.KeyProperties)
        {
            if (properties.GetValueOrDefault(key) is not Dictionary<string, object?> property)
            {
                continue; // not described: the driver refuses the SCHEMA
            }
            properties[key] = NotNull(property);
            if (!required.Contains(key))
            {
                required.Add(key);
            }
        }
        copy["required"] = required;
        return new SchemaMessage(schema.Stream, copy, schema.KeyProperties, schema.BookmarkProperties);
    }

    private static Dictionary<string, object?> NotNull(Dictionary<string, object?> property)
    {
        switch (property.GetValueOrDefault("type"))
        {
            case string type when type != "null" && !property.ContainsKey("anyOf"):
                return property;
            case List<object?> types when !property.ContainsKey("anyOf") && types.Exists(t => t is string s && s != "null"):
                property["type"] = types.FindAll(t => t is not "null");
                return property;
            default:
                return new Dictionary<string, object?>(StringComparer.Ordinal) { ["anyOf"] = new List<object?> { property } };
        }
    }
}
