using System.Text.Encodings.Web;
using System.Text.Json;

namespace Singer.Sdk.Serialization;

/// <summary>What a transcoder does with each checked top-level value of a record.</summary>
internal interface IFieldVisitor
{
    /// <summary>Takes the value the reader is on (a scalar the rule has not judged yet); false declines the record.</summary>
    bool Visit(ref Utf8JsonReader reader, FieldRule rule, bool first);

    /// <summary>
    /// Takes a plain value (<see cref="PlainJson"/>: for a string, its text, which needs no unescaping; for a number, its
    /// literal), as <see cref="Visit"/> takes the same token; false declines the record.
    /// </summary>
    bool VisitPlain(PlainValue kind, scoped ReadOnlySpan<byte> value, FieldRule rule, bool first);
}

/// <summary>
/// The top-level properties of a schema as <see cref="FieldRule"/>s, and the walk over a record's keys both
/// transcoders share: each key found by its bytes (the key at the same position last time first), a key seen twice,
/// an unknown, escaped or nested one, or a missing required one declines the record.
/// </summary>
internal sealed class CheckedFields
{
    private readonly FieldRule[] _required;
    private int[] _lastOrder = [];
    private readonly MemberGaps<FieldRule> _gaps = new();
    private long _records;

    private CheckedFields(FieldRule[] rules, FieldRule[] required)
    {
        Rules = rules;
        _required = required;
    }

    /// <summary>The properties in schema order; a rule's <see cref="FieldRule.Index"/> is its place here.</summary>
    public FieldRule[] Rules { get; }

    /// <summary>The fields of <paramref name="schema"/>, or null when its shape is not one the rules can check.</summary>
    public static CheckedFields? For(JsonSchema schema, JavaScriptEncoder encoder)
    {
        if (schema.AnyOf is not null || schema.Enum is not null || schema.Properties is null
            || (schema.Types != JsonTypes.None && !schema.Types.HasFlag(JsonTypes.Object)))
        {
            return null;
        }
        var rules = schema.Properties.Select((p, i) => new FieldRule(p.Key, p.Value, encoder, i)).ToArray();
        var required = new List<FieldRule>();
        foreach (var name in schema.Required)
        {
            if (Array.Find(rules, r => r.Name == name) is not { } rule)
            {
                return null; // required but not described: only the validator can say what that means
            }
            required.Add(rule);
        }
        return new CheckedFields(rules, [.. required]);
    }

    /// <summary>Walks the record the reader is on (its StartObject) to its EndObject, handing each value to the visitor.</summary>
    public bool TryWalk<TVisitor>(ref Utf8JsonReader reader, ref TVisitor visitor)
        where TVisitor : IFieldVisitor, allows ref struct
    {
        var record = ++_records;
        var position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped || reader.HasValueSequence || Find(reader.ValueSpan, position) is not { } rule || rule.SeenIn == record)
            {
                return false;
            }
            rule.SeenIn = record;
            reader.Read();
            if (!visitor.Visit(ref reader, rule, position++ == 0))
            {
                return false;
            }
        }
        foreach (var rule in _required)
        {
            if (rule.SeenIn != record)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// <see cref="TryWalk"/> over bytes read by hand (<see cref="PlainJson"/>), for a record whose values are all plain:
    /// the object at <paramref name="at"/> (its '{'), <paramref name="at"/> moved past its '}' and any white space after.
    /// False for anything not plain as well as for what the walk declines.
    /// </summary>
    public bool TryWalkPlain<TVisitor>(ReadOnlySpan<byte> json, ref int at, ref TVisitor visitor)
        where TVisitor : IFieldVisitor, allows ref struct
    {
        var record = ++_records;
        var i = at;
        for (var position = 0; ; position++)
        {
            // The same bytes as last time from the value before to this one: the same name, so the same rule.
            if (!_gaps.TryMatch(json, ref i, position, out var rule))
            {
                var start = i;
                if (!PlainJson.TryNextName(json, ref i, position == 0, out var name, out var end))
                {
                    return false;
                }
                if (end)
                {
                    break;
                }
                if (Find(name, position) is not { } found)
                {
                    return false;
                }
                rule = found;
                _gaps.Remember(position, json[start..i], rule);
            }
            if (rule.SeenIn == record)
            {
                return false;
            }
            rule.SeenIn = record;
            if (!PlainJson.TryValue(json, ref i, out var kind, out var value) || !visitor.VisitPlain(kind, value, rule, position == 0))
            {
                return false;
            }
        }
        foreach (var rule in _required)
        {
            if (rule.SeenIn != record)
            {
                return false;
            }
        }
        at = i;
        return true;
    }

    /// <summary>
    /// Whether the token the reader is on is a plain value (<see cref="PlainJson"/>'s kinds, a string unescaped and of
    /// printable ASCII, in one span): a visitor then takes it as <see cref="IFieldVisitor.VisitPlain"/> with the token's
    /// <see cref="Utf8JsonReader.ValueSpan"/>.
    /// </summary>
    public static bool IsPlain(ref Utf8JsonReader reader, out PlainValue kind)
    {
        kind = reader.TokenType switch
        {
            JsonTokenType.Null => PlainValue.Null,
            JsonTokenType.True => PlainValue.True,
            JsonTokenType.False => PlainValue.False,
            JsonTokenType.Number => PlainValue.Number,
            _ => PlainValue.String,
        };
        return reader.TokenType switch
        {
            JsonTokenType.Null or JsonTokenType.True or JsonTokenType.False => true,
            JsonTokenType.Number => !reader.HasValueSequence,
            JsonTokenType.String => !reader.HasValueSequence && !reader.ValueIsEscaped && CanonicalJson.IsPrintableAscii(reader.ValueSpan),
            _ => false,
        };
    }

    private FieldRule? Find(ReadOnlySpan<byte> name, int position)
    {
        if (position < _lastOrder.Length && Rules[_lastOrder[position]].NameUtf8.AsSpan().SequenceEqual(name))
        {
            return Rules[_lastOrder[position]];
        }
        for (var i = 0; i < Rules.Length; i++)
        {
            if (Rules[i].NameUtf8.AsSpan().SequenceEqual(name))
            {
                if (position >= _lastOrder.Length)
                {
                    Array.Resize(ref _lastOrder, Math.Max(position + 1, Rules.Length));
                }
                _lastOrder[position] = i;
                return Rules[i];
            }
        }
        return null;
    }
}
