using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Singer.Sdk.Serialization;

namespace Singer.Sdk;

/// <summary>
/// Re-writes a record as compact JSON, byte for byte what <see cref="SingerWriter.WriteValue"/> makes of the parsed
/// record with the same encoder (keys in input order, numbers as their literals, printable ASCII strings copied,
/// other strings re-escaped), checking each top-level value against the schema on the way. Nested objects and arrays,
/// escaped or unknown keys, repeated keys and anything the checks are not sure of go the ordinary way. With
/// <see cref="JsonFieldLimits"/> per property, the output is for a reader with limits of its own: values it would not
/// take as written go the ordinary way too, and numbers may be written as strings.
/// </summary>
public sealed class JsonRecordTranscoder : RecordTranscoder
{
    private readonly CheckedFields _fields;
    private readonly JsonFieldLimits[] _limits;
    private readonly JsonWriterOptions _writerOptions;
    private readonly bool _copiesPrintableAscii;

    private JsonRecordTranscoder(CheckedFields fields, JsonFieldLimits[] limits, JavaScriptEncoder encoder)
    {
        _fields = fields;
        _limits = limits;
        _writerOptions = new JsonWriterOptions { Encoder = encoder, SkipValidation = true };
        _copiesPrintableAscii = encoder.FindFirstCharacterToEncodeUtf8(PrintableAscii) < 0;
    }

    /// <summary>The characters a string's bytes hold when they are copied as they are (a raw quote or backslash would end or escape it).</summary>
    private static ReadOnlySpan<byte> PrintableAscii => " !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8;

    /// <summary>A transcoder for records of <paramref name="schema"/>, or null when its shape is not one it can check.</summary>
    public static JsonRecordTranscoder? For(JsonSchema schema, JavaScriptEncoder encoder) => For(schema, encoder, _ => JsonFieldLimits.None);

    /// <summary>
    /// A transcoder for records of <paramref name="schema"/> whose output is read by something with limits of its own,
    /// given per property name by <paramref name="limits"/>; null when the schema's shape is not one it can check.
    /// </summary>
    public static JsonRecordTranscoder? For(JsonSchema schema, JavaScriptEncoder encoder, Func<string, JsonFieldLimits> limits) =>
        CheckedFields.For(schema, encoder) is { } fields
            ? new JsonRecordTranscoder(fields, Array.ConvertAll(fields.Rules, r => limits(r.Name)), encoder)
            : null;

    public override bool TryTranscode(ref Utf8JsonReader reader, IBufferWriter<byte> output, out object?[]? values)
    {
        values = null;
        var writer = new ValueWriter(output, _writerOptions, _limits, _copiesPrintableAscii);
        writer.Bytes.Write("{"u8);
        if (!_fields.TryWalk(ref reader, ref writer))
        {
            return false;
        }
        writer.Bytes.Write("}"u8);
        writer.Bytes.Commit();
        return true;
    }

    internal override bool TakesPlain => true;

    internal override bool TryTranscodePlain(ReadOnlySpan<byte> json, ref int at, IBufferWriter<byte> output, out object?[]? values)
    {
        values = null;
        var writer = new ValueWriter(output, _writerOptions, _limits, _copiesPrintableAscii);
        writer.Bytes.Write("{"u8);
        if (!_fields.TryWalkPlain(json, ref at, ref writer))
        {
            return false;
        }
        writer.Bytes.Write("}"u8);
        writer.Bytes.Commit();
        return true;
    }

    /// <summary>Writes each value after its key; the bytes it copies are the ones the writer would produce.</summary>
    /// <param name="copiesPrintableAscii">False for an encoder that escapes some printable ASCII (the default one escapes
    /// <c>&lt;</c>, <c>&amp;</c>, <c>+</c>, …): a plain string is then copied only when it holds none of those.</param>
    private ref struct ValueWriter(IBufferWriter<byte> output, JsonWriterOptions options, JsonFieldLimits[] limits, bool copiesPrintableAscii) : IFieldVisitor
    {
        public Output Bytes = new(output);

        public bool Visit(ref Utf8JsonReader reader, FieldRule rule, bool first)
        {
            if (CheckedFields.IsPlain(ref reader, out var kind))
            {
                return VisitPlain(kind, reader.ValueSpan, rule, first);
            }
            if (reader.TokenType != JsonTokenType.String || !limits[rule.Index].Takes(JsonTypes.String) || !rule.AcceptsString(ref reader, out _))
            {
                return false;
            }
            WriteName(rule, first);
            var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
            try
            {
                var length = reader.CopyString(rented); // throws on text the ordinary path would also refuse
                WriteEscaped(rented.AsSpan(0, length));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
            return true;
        }

        public bool VisitPlain(PlainValue kind, scoped ReadOnlySpan<byte> value, FieldRule rule, bool first)
        {
            var taken = limits[rule.Index];
            switch (kind)
            {
                case PlainValue.Null when rule.AcceptsNull && taken.Takes(JsonTypes.Null):
                    WriteName(rule, first);
                    Bytes.Write("null"u8);
                    return true;
                case PlainValue.True or PlainValue.False when rule.AcceptsBoolean && taken.Takes(JsonTypes.Boolean):
                    WriteName(rule, first);
                    Bytes.Write(kind == PlainValue.True ? "true"u8 : "false"u8);
                    return true;
                case PlainValue.Number when rule.AcceptsNumber(value) && taken.TakesNumber(value):
                    WriteName(rule, first);
                    if (taken.QuoteNumbers)
                    {
                        Bytes.WriteQuoted(value);
                    }
                    else
                    {
                        Bytes.Write(value);
                    }
                    return true;
                case PlainValue.String when taken.Takes(JsonTypes.String) && rule.AcceptsPlainString(value):
                    WriteName(rule, first);
                    if (copiesPrintableAscii || options.Encoder!.FindFirstCharacterToEncodeUtf8(value) < 0)
                    {
                        Bytes.WriteQuoted(value);
                    }
                    else
                    {
                        WriteEscaped(value);
                    }
                    return true;
                default:
                    return false;
            }
        }

        private void WriteName(FieldRule rule, bool first)
        {
            Bytes.Write(first ? rule.EncodedName : rule.EncodedNameAfterComma);
        }

        /// <summary>A string's text (unescaped), escaped the way the writer escapes.</summary>
        private void WriteEscaped(scoped ReadOnlySpan<byte> text)
        {
            using var json = new Utf8JsonWriter(Bytes.Commit(), options);
            json.WriteStringValue(text);
        }
    }

    /// <summary>
    /// Small writes into one span of the output, advanced in one go: a record is a few dozen writes of a few bytes, and
    /// asking the output for room each time would cost more than the copying.
    /// </summary>
    private ref struct Output
    {
        private const int Room = 512;
        private readonly IBufferWriter<byte> _writer;
        private Span<byte> _span;
        private int _used;

        public Output(IBufferWriter<byte> writer)
        {
            _writer = writer;
            _span = writer.GetSpan(Room);
        }

        public void Write(scoped ReadOnlySpan<byte> bytes)
        {
            if (bytes.Length > _span.Length - _used)
            {
                _writer.Advance(_used);
                _used = 0;
                _span = _writer.GetSpan(Math.Max(bytes.Length, Room));
            }
            bytes.CopyTo(_span[_used..]);
            _used += bytes.Length;
        }

        /// <summary>Writes <paramref name="text"/> between double quotes.</summary>
        public void WriteQuoted(scoped ReadOnlySpan<byte> text)
        {
            if (text.Length + 2 > _span.Length - _used)
            {
                _writer.Advance(_used);
                _used = 0;
                _span = _writer.GetSpan(Math.Max(text.Length + 2, Room));
            }
            var to = _span[_used..];
            to[0] = (byte)'"';
            text.CopyTo(to[1..]);
            to[text.Length + 1] = (byte)'"';
            _used += text.Length + 2;
        }

        /// <summary>Advances the output past what was written, so something else may write to it; writing here goes on after that.</summary>
        public IBufferWriter<byte> Commit()
        {
            _writer.Advance(_used);
            _used = 0;
            _span = default;
            return _writer;
        }
    }
}
