using TapRest.Streams;

namespace TapRest.Inference;

/// <summary>
/// Infers a stream's JSON Schema from its records, and keeps widening it during a sync: <see cref="Observe"/> says when
/// a record brought a new field or a type the schema did not allow, so a new SCHEMA goes out before that record and no
/// field is ever dropped. Properties keep the order they were first seen in; a catalog's property schemas are kept
/// as given until a record needs them widened.
/// </summary>
internal sealed class SchemaInferrer
{
    private readonly List<string> _order = [];
    private readonly Dictionary<string, ValueKinds> _kinds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, object?>> _given = new(StringComparer.Ordinal);

    /// <summary>Whether some field resolves to string after being seen with other kinds: only then can a value need coercing.</summary>
    private bool _anyWidenedToString;

    public static SchemaInferrer FromSchema(Dictionary<string, object?> schema)
    {
        var inferrer = new SchemaInferrer();
        foreach (var (name, property) in schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [])
        {
            var given = property as Dictionary<string, object?> ?? [];
            inferrer._order.Add(name);
            inferrer._kinds[name] = FieldType.FromSchema(given);
            inferrer._anyWidenedToString |= NeedsCoercion(inferrer._kinds[name]);
            inferrer._given[name] = given;
        }
        return inferrer;
    }

    /// <summary>Takes in a record's values; true when the schema changed (a new field, or a field widened).</summary>
    public bool Observe(Dictionary<string, object?> record)
    {
        var changed = false;
        foreach (var (name, value) in record)
        {
            changed |= Observe(name, FieldType.KindOf(value));
        }
        return changed;
    }

    /// <summary>Takes in one field's value kind; true when the schema changed.</summary>
    public bool Observe(string name, ValueKinds kind)
    {
        if (!_kinds.TryGetValue(name, out var known))
        {
            _order.Add(name);
            _kinds[name] = kind;
            return true;
        }
        var widened = known | kind;
        if (widened == known)
        {
            return false;
        }
        _kinds[name] = widened;
        _anyWidenedToString |= NeedsCoercion(widened);
        if (FieldType.Resolve(widened) != FieldType.Resolve(known))
        {
            _given.Remove(name);
            return true;
        }
        return false;
    }

    /// <summary>The kinds a field has been seen with (None for a field not seen yet).</summary>
    public ValueKinds KindsOf(string name) => _kinds.GetValueOrDefault(name);

    /// <summary>Whether <see cref="Coerce"/> may change a value: some field was widened to string.</summary>
    public bool Coerces => _anyWidenedToString;

    private static bool NeedsCoercion(ValueKinds kinds) =>
        FieldType.Resolve(kinds) == "string" && (kinds & ~(ValueKinds.Null | ValueKinds.String | ValueKinds.DateTime)) != 0;

    /// <summary>Makes values fit a field widened to string: numbers, booleans, objects and lists become their JSON text.</summary>
    public void Coerce(Dictionary<string, object?> record)
    {
        if (!_anyWidenedToString)
        {
            return;
        }
        foreach (var (name, value) in record)
        {
            if (value is not (null or string) && _kinds.TryGetValue(name, out var kinds) && FieldType.Resolve(kinds) == "string")
            {
                record[name] = PythonJson.Dumps(value);
            }
        }
    }

    public Dictionary<string, object?> ToSchema()
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var name in _order)
        {
            properties[name] = _given.TryGetValue(name, out var given) ? given : FieldType.Schema(FieldType.Resolve(_kinds[name]));
        }
        return new Dictionary<string, object?> { ["type"] = "object", ["properties"] = properties };
    }
}
