using Singer.Sdk.Schema;

namespace Singer.Sdk;

/// <summary>
/// The subset of JSON Schema Singer taps emit: type (or a type array with "null"), anyOf, format
/// (date-time, date, time), multipleOf, minimum/maximum (draft 4 and 6 exclusive forms), min/maxLength,
/// enum, required, nested properties and items. Other keywords (tap-mysql's "inclusion") are ignored.
/// </summary>
public sealed class JsonSchema
{
    internal JsonSchema(Dictionary<string, object?> source)
    {
        Source = source;
    }

    /// <summary>The schema object this was parsed from.</summary>
    public Dictionary<string, object?> Source { get; }

    public JsonTypes Types { get; internal init; }

    public string? Format { get; internal init; }

    public IReadOnlyDictionary<string, JsonSchema>? Properties { get; internal init; }

    public JsonSchema? Items { get; internal init; }

    public IReadOnlyList<JsonSchema>? AnyOf { get; internal init; }

    public object? MultipleOf { get; internal init; }

    public object? Minimum { get; internal init; }

    public object? Maximum { get; internal init; }

    public bool MinimumIsExclusive { get; internal init; }

    public bool MaximumIsExclusive { get; internal init; }

    public int? MaxLength { get; internal init; }

    public int? MinLength { get; internal init; }

    public IReadOnlyList<object?>? Enum { get; internal init; }

    public IReadOnlyList<string> Required { get; internal init; } = [];

    /// <summary>True when null is a valid value (a "null" type, no type at all, or an anyOf branch that allows it).</summary>
    public bool AllowsNull =>
        AnyOf is { } branches ? branches.Any(b => b.AllowsNull) : Types == JsonTypes.None || Types.HasFlag(JsonTypes.Null);

    /// <summary>The types a non-null value may have, looking through anyOf.</summary>
    public JsonTypes NonNullTypes =>
        AnyOf is { } branches
            ? branches.Aggregate(JsonTypes.None, (all, b) => all | b.NonNullTypes)
            : Types & ~JsonTypes.Null;

    public static JsonSchema Parse(Dictionary<string, object?> schema) => JsonSchemaParser.Parse(schema, "");
}
