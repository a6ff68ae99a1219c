using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Singer.Sdk.Serialization;

namespace Singer.Sdk;

/// <summary>
/// Checks a record straight from its bytes, for a reader that wants to know a record is valid and nothing more
/// (singer-check): one pass over the top-level values with the schema's <see cref="FieldRule"/>s, no dictionary and no
/// strings. A record it takes is valid against the schema and has every key property present and non-null; it arrives
/// with <see cref="RecordMessage.Values"/> empty, as nothing of it is kept. Anything the rules are not sure of (nested
/// values, exponents, escaped or unknown keys, a null or missing key, …) is declined and goes the ordinary way, so
/// every error is worded by <see cref="SchemaValidator"/> and the key check as before.
/// </summary>
public sealed class ValidatingRecordTranscoder : RecordTranscoder
{
    /// <summary>What a taken record carries: a shared empty array, since an array is what marks it as checked.</summary>
    private static readonly object?[] Nothing = [];

    private readonly CheckedFields _fields;

    private ValidatingRecordTranscoder(CheckedFields fields)
    {
        _fields = fields;
    }

    public override IReadOnlyList<string> ValueNames => [];

    /// <summary>
    /// A checker for the records of <paramref name="schema"/>'s stream, its key properties included; null when the
    /// schema's shape is not one the rules can check.
    /// </summary>
    public static ValidatingRecordTranscoder? For(SchemaMessage schema) =>
        // The encoder only words the names a writing transcoder would write: none is written here.
        CheckedFields.For(Targets.KeyPropertyCheck.ForTranscoding(schema).ParsedSchema, JavaScriptEncoder.UnsafeRelaxedJsonEscaping) is { } fields
            ? new ValidatingRecordTranscoder(fields)
            : null;

    public override bool TryTranscode(ref Utf8JsonReader reader, IBufferWriter<byte> output, out object?[]? values)
    {
        var checking = default(ValueChecker);
        values = _fields.TryWalk(ref reader, ref checking) ? Nothing : null;
        return values is not null;
    }

    internal override bool TakesPlain => true;

    internal override bool TryTranscodePlain(ReadOnlySpan<byte> json, ref int at, IBufferWriter<byte> output, out object?[]? values)
    {
        var checking = default(ValueChecker);
        values = _fields.TryWalkPlain(json, ref at, ref checking) ? Nothing : null;
        return values is not null;
    }

    private readonly struct ValueChecker : IFieldVisitor
    {
        public bool Visit(ref Utf8JsonReader reader, FieldRule rule, bool first) => CheckedFields.IsPlain(ref reader, out var kind)
            ? VisitPlain(kind, reader.ValueSpan, rule, first)
            : reader.TokenType == JsonTokenType.String && rule.AcceptsString(ref reader, out _) && Decodes(ref reader);

        public bool VisitPlain(PlainValue kind, scoped ReadOnlySpan<byte> value, FieldRule rule, bool first) => kind switch
        {
            PlainValue.Null => rule.AcceptsNull,
            PlainValue.True or PlainValue.False => rule.AcceptsBoolean,
            PlainValue.Number => rule.AcceptsNumber(value),
            _ => rule.AcceptsPlainString(value),
        };

        /// <summary>
        /// A string with escapes or non-ASCII text is taken only when the ordinary parse would read it too: bad UTF-8 or
        /// a lone surrogate escape is that path's error to report, not a valid value.
        /// </summary>
        private static bool Decodes(ref Utf8JsonReader reader)
        {
            if (!reader.ValueIsEscaped)
            {
                return Utf8.IsValid(reader.ValueSpan); // what GetString refuses, without making the string
            }
            _ = JsonValueReader.ReadString(ref reader); // throws where the ordinary parse would: the parser then declines
            return true;
        }
    }
}
