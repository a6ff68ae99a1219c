using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Singer.Sdk.Serialization;

namespace Singer.Sdk;

/// <summary>
/// Re-writes a record as compact JSON, byte for byte what <see cref="SingerWriter.WriteValue"/> makes of the parsed
/// record with the same encoder (keys in input order, numbers as their literals, printable ASCII strings copied,
/// other strings re-escaped), checking each top-level value against the schema on the way. Nested objects and arrays,
/// escaped or unknown keys, repeated keys and anything the checks are not sure of go the ordinary way.
/// </summary>
public sealed class JsonRecordTranscoder : RecordTranscoder
{
    private readonly FieldRule[] _rules;
    private readonly FieldRule[] _required;
    private readonly JsonWriterOptions _writerOptions;
    private int[] _lastOrder = [];
    private long _records;

    private JsonRecordTranscoder(FieldRule[] rules, FieldRule[] required, JavaScriptEncoder encoder)
    {
        _rules = rules;
        _required = required;
        _writerOptions = new JsonWriterOptions { Encoder = encoder, SkipValidation = true };
    }

    /// <summary>A transcoder for records of <paramref name="schema"/>, or null when its shape is not one it can check.</summary>
    public static JsonRecordTranscoder? For(JsonSchema schema, JavaScriptEncoder encoder)
    {
        if (schema.AnyOf is not null || schema.Enum is not null || schema.Properties is null
            || (schema.Types != JsonTypes.None && !schema.Types.HasFlag(JsonTypes.Object)))
        {
            return null;
        }
        var rules = schema.Properties.Select(p => new FieldRule(p.Key, p.Value, encoder)).ToArray();
        var required = new List<FieldRule>();
        foreach (var name in schema.Required)
        {
            if (Array.Find(rules, r => r.Name == name) is not { } rule)
            {
                return null; // required but not described: only the validator can say what that means
            }
            required.Add(rule);
        }
        return new JsonRecordTranscoder(rules, [.. required], encoder);
    }

    public override bool TryTranscode(ref Utf8JsonReader reader, IBufferWriter<byte> output)
    {
        var record = ++_records;
        var position = 0;
        var bytes = new Output(output);
        bytes.Write("{"u8);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueIsEscaped || reader.HasValueSequence || Find(reader.ValueSpan, position) is not { } rule || rule.SeenIn == record)
            {
                return false;
            }
            rule.SeenIn = record;
            if (position++ > 0)
            {
                bytes.Write(","u8);
            }
            bytes.Write(rule.EncodedName);
            reader.Read();
            if (!TryWriteValue(ref reader, rule, ref bytes))
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
        bytes.Write("}"u8);
        bytes.Commit();
        return true;
    }

    private bool TryWriteValue(ref Utf8JsonReader reader, FieldRule rule, ref Output bytes)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null when rule.AcceptsNull:
                bytes.Write("null"u8);
                return true;
            case JsonTokenType.True when rule.AcceptsBoolean:
                bytes.Write("true"u8);
                return true;
            case JsonTokenType.False when rule.AcceptsBoolean:
                bytes.Write("false"u8);
                return true;
            case JsonTokenType.Number when !reader.HasValueSequence && rule.AcceptsNumber(reader.ValueSpan):
                bytes.Write(reader.ValueSpan);
                return true;
            case JsonTokenType.String when rule.AcceptsString(ref reader, out var plain):
                if (plain)
                {
                    bytes.Write("\""u8);
                    bytes.Write(reader.ValueSpan);
                    bytes.Write("\""u8);
                }
                else
                {
                    WriteEscaped(ref reader, bytes.Commit());
                }
                return true;
            default:
                return false;
        }
    }

    /// <summary>A string with escapes or non-ASCII text: unescaped, then escaped again the way the writer escapes.</summary>
    private void WriteEscaped(ref Utf8JsonReader reader, IBufferWriter<byte> output)
    {
        var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var length = reader.CopyString(rented); // throws on text the ordinary path would also refuse
            using var json = new Utf8JsonWriter(output, _writerOptions);
            json.WriteStringValue(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The rule for a key: records of a stream keep their key order, so the key at this position last time is tried first.</summary>
    private FieldRule? Find(ReadOnlySpan<byte> name, int position)
    {
        if (position < _lastOrder.Length && _rules[_lastOrder[position]].NameUtf8.AsSpan().SequenceEqual(name))
        {
            return _rules[_lastOrder[position]];
        }
        for (var i = 0; i < _rules.Length; i++)
        {
            if (_rules[i].NameUtf8.AsSpan().SequenceEqual(name))
            {
                if (position >= _lastOrder.Length)
                {
                    Array.Resize(ref _lastOrder, Math.Max(position + 1, _rules.Length));
                }
                _lastOrder[position] = i;
                return _rules[i];
            }
        }
        return null;
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

        public void Write(ReadOnlySpan<byte> bytes)
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
