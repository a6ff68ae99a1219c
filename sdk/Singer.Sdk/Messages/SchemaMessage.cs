namespace Singer.Sdk;

/// <summary>SCHEMA: declares (or changes) a stream's JSON Schema and key properties.</summary>
public sealed record SchemaMessage(
    string Stream,
    Dictionary<string, object?> Schema,
    IReadOnlyList<string> KeyProperties,
    IReadOnlyList<string>? BookmarkProperties = null) : SingerMessage
{
    private JsonSchema? _parsed;

    public override string Type => "SCHEMA";

    /// <summary>The schema parsed for validation and coercion; parsed once, on first use.</summary>
    public JsonSchema ParsedSchema => _parsed ??= JsonSchema.Parse(Schema);
}
