using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Singer.Sdk.Serialization;

namespace Singer.Sdk;

/// <summary>
/// Reads a record's top-level values straight into an array in schema order (<see cref="Names"/>), checking each
/// against the schema on the way: the values a loader puts in columns, without the dictionary. Each value is exactly
/// what parsing would give (long, decimal, string, bool, null); a property the record leaves out is null, as a missing
/// key is. Anything the checks are not sure of (nested values, big or exponent numbers, …) goes the ordinary way.
/// </summary>
public sealed class ValuesRecordTranscoder : RecordTranscoder
{
    private readonly CheckedFields _fields;

    private ValuesRecordTranscoder(CheckedFields fields)
    {
        _fields = fields;
        Names = Array.ConvertAll(fields.Rules, r => r.Name);
    }

    /// <summary>The property each place of a values array holds.</summary>
    public IReadOnlyList<string> Names { get; }

    public override IReadOnlyList<string> ValueNames => Names;

    /// <summary>A transcoder for records of <paramref name="schema"/>, or null when its shape is not one it can check.</summary>
    public static ValuesRecordTranscoder? For(JsonSchema schema) =>
        CheckedFields.For(schema, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) is { } fields ? new ValuesRecordTranscoder(fields) : null;

    internal override bool TakesPlain => true;

    internal override bool TryTranscodePlain(ReadOnlySpan<byte> json, ref int at, IBufferWriter<byte> output, out object?[]? values)
    {
        var reading = new ValueReader(new object?[_fields.Rules.Length]);
        values = _fields.TryWalkPlain(json, ref at, ref reading) ? reading.Values : null;
        return values is not null;
    }

    public override bool TryTranscode(ref Utf8JsonReader reader, IBufferWriter<byte> output, out object?[]? values)
    {
        var reading = new ValueReader(new object?[_fields.Rules.Length]);
        if (!_fields.TryWalk(ref reader, ref reading))
        {
            values = null;
            return false;
        }
        values = reading.Values;
        return true;
    }

    private struct ValueReader(object?[] values) : IFieldVisitor
    {
        public readonly object?[] Values = values;

        public readonly bool Visit(ref Utf8JsonReader reader, FieldRule rule, bool first)
        {
            if (CheckedFields.IsPlain(ref reader, out var kind))
            {
                return VisitPlain(kind, reader.ValueSpan, rule, first);
            }
            if (reader.TokenType == JsonTokenType.String && rule.AcceptsString(ref reader, out _))
            {
                Values[rule.Index] = JsonValueReader.ReadString(ref reader);
                return true;
            }
            return false;
        }

        public readonly bool VisitPlain(PlainValue kind, scoped ReadOnlySpan<byte> value, FieldRule rule, bool first)
        {
            switch (kind)
            {
                case PlainValue.Null when rule.AcceptsNull:
                    return true; // already null
                case PlainValue.True or PlainValue.False when rule.AcceptsBoolean:
                    Values[rule.Index] = kind == PlainValue.True ? True : False;
                    return true;
                case PlainValue.Number when rule.AcceptsNumber(value):
                    // Read as the ordinary parse reads numbers; one that needs BigInteger or BigDecimal goes the ordinary way.
                    return JsonValueReader.TryReadSmallNumber(value, out Values[rule.Index]);
                case PlainValue.String when rule.AcceptsPlainString(value):
                    Values[rule.Index] = Encoding.UTF8.GetString(value);
                    return true;
                default:
                    return false;
            }
        }
    }

    private static readonly object True = true;
    private static readonly object False = false;
}
