using System.Buffers;
using System.Numerics;
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
            switch (reader.TokenType)
            {
                case JsonTokenType.Null when rule.AcceptsNull:
                    return true; // already null
                case JsonTokenType.True or JsonTokenType.False when rule.AcceptsBoolean:
                    Values[rule.Index] = reader.TokenType == JsonTokenType.True ? True : False;
                    return true;
                case JsonTokenType.Number when !reader.HasValueSequence && rule.AcceptsNumber(reader.ValueSpan):
                    return TryReadNumber(ref reader, rule);
                case JsonTokenType.String when rule.AcceptsString(ref reader, out _):
                    Values[rule.Index] = JsonValueReader.ReadString(ref reader);
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Read as the ordinary parse reads numbers; one that needs BigInteger or BigDecimal goes the ordinary way.</summary>
        private readonly bool TryReadNumber(ref Utf8JsonReader reader, FieldRule rule)
        {
            var number = JsonValueReader.ReadNumber(ref reader);
            if (number is BigInteger or BigDecimal)
            {
                return false;
            }
            Values[rule.Index] = number;
            return true;
        }
    }

    private static readonly object True = true;
    private static readonly object False = false;
}
