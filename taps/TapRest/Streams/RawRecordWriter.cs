using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Singer.Sdk;
using Singer.Sdk.Serialization;
using TapRest.Inference;

namespace TapRest.Streams;

/// <summary>
/// A record's bytes straight to its RECORD line, for the usual stream (flattened, no _sdc_raw_json): the same fields,
/// names, order, values and schema observations as <see cref="RecordFlattener"/>, <see cref="SchemaInferrer"/> and
/// <see cref="RecordLineWriter"/> give for the parsed record, without building it. <see cref="TryRead"/> reads a record
/// into a <see cref="Page"/> (<see cref="RawRecords.ReadWith"/>, by the stream's loop while the next page is fetched);
/// false means this record needs the ordinary path (two fields becoming one name, more names than are cached, a number
/// with an exponent). The stream's loop then takes the page's records with
/// <see cref="Page.Observe"/> and <see cref="Page.Write"/>, or <see cref="Page.ToRecord"/> when a value must be coerced.
/// Lists and except_keys become Python-style JSON text as the flattener makes it, from a parse of just that value.
/// </summary>
internal sealed partial class RawRecordWriter(IReadOnlySet<string> exceptKeys) : IDisposable
{
    private const int MaxPredicted = 256;

    /// <summary>true and false boxed once: a record's booleans are not an allocation each.</summary>
    private static readonly object BoxedTrue = true, BoxedFalse = false;
    private readonly Field _root = new(null, null, null, false);
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly JsonBodyReader _values = new();
    private readonly StringBuilder _list = new();
    private int _fieldCount;
    private long _record;
    private readonly Page _page = new();
    private int _offset;

    /// <summary>
    /// Reads the record object the reader is at (over the body of <see cref="PageFor"/> from <paramref name="offset"/>)
    /// into the page, leaving the reader at its end; false (and nothing of it in the page) when it needs the ordinary path,
    /// the reader then anywhere in it.
    /// </summary>
    public bool TryRead(ref Utf8JsonReader reader, int offset)
    {
        _offset = offset;
        _record++;
        var first = _page.Leaves.Count;
        if (ReadObject(ref reader, _root))
        {
            _page.Records.Add((first, _page.Leaves.Count - first));
            return true;
        }
        _page.Leaves.RemoveRange(first, _page.Leaves.Count - first);
        _page.Records.Add((-1, 0));
        return false;
    }

    /// <summary>The one page this writer reads into, emptied for <paramref name="body"/>: the last one's records are done with.</summary>
    public Page PageFor(ReadOnlyMemory<byte> body) => _page.For(body);

    /// <summary>A page's records as <see cref="TryRead"/> read them: each one's fields in order, over the body's bytes.</summary>
    internal sealed class Page : IDisposable
    {
        private readonly JsonBodyReader _numbers = new();
        private readonly ArrayBufferWriter<byte> _line = new(4096);
        private readonly Utf8JsonWriter _value;
        private ReadOnlyMemory<byte> _body;

        public Page() => _value = new Utf8JsonWriter(_line, SingerWriter.Options);

        internal ReadOnlyMemory<byte> Body => _body;

        /// <summary>Empties the page for the records of another body (its lists kept: a page is as large as the last).</summary>
        internal Page For(ReadOnlyMemory<byte> body)
        {
            _body = body;
            Leaves.Clear();
            Records.Clear();
            return this;
        }

        internal List<Leaf> Leaves { get; } = [];

        /// <summary>Per record, where its fields lie in <see cref="Leaves"/>; a start of -1 for a record left to the ordinary path.</summary>
        internal List<(int Start, int Count)> Records { get; } = [];

        public bool IsRead(int record) => Records[record].Start >= 0;

        private Span<Leaf> LeavesOf(int record) =>
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(Leaves).Slice(Records[record].Start, Records[record].Count);

        /// <summary>The record's fields into the inferrer, in the record's order; true when the schema changed.</summary>
        public bool Observe(int record, SchemaInferrer inferrer)
        {
            var changed = false;
            foreach (var leaf in LeavesOf(record))
            {
                // Kinds only ever widen: one this field has brought before is already in the inferrer.
                var field = leaf.Field;
                if ((field.Observed | leaf.Kind) != field.Observed)
                {
                    changed |= inferrer.Observe(field.Name!, leaf.Kind);
                    field.Observed |= leaf.Kind;
                }
            }
            return changed;
        }

        /// <summary>The record's fields into a RECORD line begun on <paramref name="json"/>.</summary>
        public void Write(int record, Utf8JsonWriter json)
        {
            var bytes = _body.Span;
            foreach (var leaf in LeavesOf(record))
            {
                json.WritePropertyName(leaf.Field.Encoded);
                switch (leaf.Form)
                {
                    // The string with its quotes, and the number, as they are in the body: what writing their values gives.
                    case Form.Utf8String: json.WriteRawValue(bytes.Slice(leaf.Start - 1, leaf.Length + 2), skipInputValidation: true); break;
                    case Form.Number: json.WriteRawValue(bytes.Slice(leaf.Start, leaf.Length), skipInputValidation: true); break;
                    case Form.Integer: json.WriteNumberValue(leaf.Integer); break;
                    default: SingerWriter.WriteValue(json, leaf.Value); break;
                }
            }
        }

        /// <summary>
        /// The record's JSON object, the bytes <see cref="Write"/> gives (for <see cref="SingerWriter.WriteRecordAsync"/>);
        /// valid until the next call.
        /// </summary>
        public ReadOnlySpan<byte> Json(int record)
        {
            var bytes = _body.Span;
            _line.ResetWrittenCount();
            _line.Write("{"u8);
            var first = true;
            foreach (var leaf in LeavesOf(record))
            {
                _line.Write(first ? leaf.Field.Member.AsSpan(1) : leaf.Field.Member);
                first = false;
                switch (leaf.Form)
                {
                    case Form.Utf8String: _line.Write(bytes.Slice(leaf.Start - 1, leaf.Length + 2)); break;
                    case Form.Number: _line.Write(bytes.Slice(leaf.Start, leaf.Length)); break;
                    case Form.Integer:
                        Utf8Formatter.TryFormat(leaf.Integer, _line.GetSpan(20), out var written);
                        _line.Advance(written);
                        break;
                    case Form.Value when leaf.Value is null: _line.Write("null"u8); break;
                    case Form.Value when leaf.Value is bool truth: _line.Write(truth ? "true"u8 : "false"u8); break;
                    default:
                        _value.Reset(_line);
                        SingerWriter.WriteValue(_value, leaf.Value);
                        _value.Flush();
                        break;
                }
            }
            _line.Write("}"u8);
            return _line.WrittenSpan;
        }

        public void Dispose() => _value.Dispose();

        /// <summary>The record as the flattener shapes it.</summary>
        public Dictionary<string, object?> ToRecord(int record)
        {
            var leaves = LeavesOf(record);
            var shaped = new Dictionary<string, object?>(leaves.Length, StringComparer.Ordinal);
            foreach (var leaf in leaves)
            {
                shaped[leaf.Field.Name!] = leaf.Form switch
                {
                    Form.Utf8String => Encoding.UTF8.GetString(_body.Span.Slice(leaf.Start, leaf.Length)),
                    Form.Number => _numbers.Parse(_body.Span.Slice(leaf.Start, leaf.Length)),
                    Form.Integer => leaf.Integer,
                    _ => leaf.Value,
                };
            }
            return shaped;
        }
    }

    public void Dispose() => _page.Dispose();

    private bool ReadObject(ref Utf8JsonReader reader, Field parent)
    {
        var position = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (FieldAt(ref reader, parent, position++) is not { } field)
            {
                return false;
            }
            reader.Read();
            if (field.IsExcept || reader.TokenType == JsonTokenType.StartArray)
            {
                var start = (int)reader.TokenStartIndex;
                var atValue = reader;
                if (reader.TokenType == JsonTokenType.StartArray && PythonList(ref reader) is { } text)
                {
                    if (!Add(field, new Leaf(field, Form.Value, text, FieldType.KindOf(text))))
                    {
                        return false;
                    }
                    continue;
                }
                // A parsed value where the flattener would hold one: the item's bytes as their own document.
                reader = atValue;
                if (!RawRecords.SkipChecked(ref reader))
                {
                    return false;
                }
                var value = _values.Parse(_page.Body.Span.Slice(_offset + start, (int)reader.BytesConsumed - start));
                if (!Add(field, new Leaf(field, Form.Value, PythonJson.Dumps(value), ValueKinds.None)))
                {
                    return false;
                }
                continue;
            }
            var added = reader.TokenType switch
            {
                JsonTokenType.StartObject => ReadObject(ref reader, field),
                JsonTokenType.String => Add(field, StringLeaf(ref reader, field, _offset)),
                JsonTokenType.Number => NumberLeaf(ref reader, field) is { } number && Add(field, number),
                JsonTokenType.True => Add(field, new Leaf(field, Form.Value, BoxedTrue, ValueKinds.Boolean)),
                JsonTokenType.False => Add(field, new Leaf(field, Form.Value, BoxedFalse, ValueKinds.Boolean)),
                _ => Add(field, new Leaf(field, Form.Value, null, ValueKinds.Null)),
            };
            if (!added)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>A field's value, unless an earlier field of this record already has its name (the flattener's error, or a name given twice).</summary>
    private bool Add(Field field, Leaf leaf)
    {
        if (field.Slot.Record == _record)
        {
            return false;
        }
        field.Slot.Record = _record;
        _page.Leaves.Add(leaf.Form == Form.Value && leaf.Kind == ValueKinds.None ? leaf with { Kind = FieldType.KindOf(leaf.Value) } : leaf);
        return true;
    }

    private static Leaf StringLeaf(ref Utf8JsonReader reader, Field field, int offset)
    {
        var utf8 = reader.ValueSpan;
        if (reader.ValueIsEscaped || !CanonicalJson.IsPrintableAscii(utf8))
        {
            var text = reader.GetString()!;
            return new Leaf(field, Form.Value, text, FieldType.KindOf(text));
        }
        return new Leaf(field, Form.Utf8String, null, FieldType.KindOfAscii(utf8)) { Start = offset + (int)reader.TokenStartIndex + 1, Length = utf8.Length };
    }

    /// <summary>A number's field; null for one with an exponent, whose range only a parse of the whole page checks.</summary>
    private Leaf? NumberLeaf(ref Utf8JsonReader reader, Field field)
    {
        if (reader.TryGetInt64(out var integer))
        {
            return new Leaf(field, Form.Integer, null, ValueKinds.Integer) { Integer = integer };
        }
        var literal = reader.ValueSpan;
        if (literal.IndexOfAny((byte)'e', (byte)'E') >= 0)
        {
            return null;
        }
        if (literal.Contains((byte)'.') && CanonicalJson.IsCanonicalNumber(ref reader))
        {
            // A decimal that writes back as it reads (what the ordinary path's decimal would be).
            return new Leaf(field, Form.Number, null, ValueKinds.Number) { Start = _offset + (int)reader.TokenStartIndex, Length = literal.Length };
        }
        var value = _values.Parse(_page.Body.Span.Slice(_offset + (int)reader.TokenStartIndex, literal.Length));
        return new Leaf(field, Form.Value, value, FieldType.KindOf(value));
    }

    /// <summary>
    /// A list as the flattener's Python-style JSON text, made from its bytes when every item is a plain ASCII string
    /// without escapes, an integer, true, false or null (all of which that text writes as the body does); null for any
    /// other list, which is parsed and written as a value. <paramref name="reader"/> is at the list's start, and at its
    /// end after a list made into text.
    /// </summary>
    private string? PythonList(ref Utf8JsonReader reader)
    {
        _list.Clear().Append('[');
        var first = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var item = reader.ValueSpan;
            var plain = reader.TokenType switch
            {
                JsonTokenType.String => !reader.ValueIsEscaped && CanonicalJson.IsPrintableAscii(item),
                JsonTokenType.Number => item.IndexOfAny((byte)'.', (byte)'e', (byte)'E') < 0 && !item.StartsWith("-0"u8),
                JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null => true,
                _ => false,
            };
            if (!plain)
            {
                return null;
            }
            _list.Append(first ? "" : ", ");
            first = false;
            if (reader.TokenType == JsonTokenType.String)
            {
                _list.Append('"').Append(Encoding.ASCII.GetString(item)).Append('"');
            }
            else
            {
                _list.Append(Encoding.ASCII.GetString(item));
            }
        }
        return _list.Append(']').ToString();
    }

    /// <summary>
    /// The field of the name the reader is at, the <paramref name="position"/>-th of its object: most records of a stream
    /// give their names in the same order, so the field at that place in the last record is tried first, by its bytes.
    /// </summary>
    private Field? FieldAt(ref Utf8JsonReader reader, Field parent, int position)
    {
        var order = parent.Order;
        if (position < order.Count && !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual(order[position].Key))
        {
            return order[position];
        }
        var field = !reader.ValueIsEscaped && Known(parent, reader.ValueSpan) is { } known ? known : Child(parent, reader.GetString()!);
        return Predict(parent, position, field);
    }

    /// <summary>
    /// <see cref="FieldAt(ref Utf8JsonReader, Field, int)"/> for a name of printable ASCII without escapes, on the hand
    /// path after its guess (the name at the same place in the last record) missed: so no second comparison with it.
    /// </summary>
    private Field? FieldAt(ReadOnlySpan<byte> asciiName, Field parent, int position) =>
        Predict(parent, position, Known(parent, asciiName) ?? Child(parent, Encoding.ASCII.GetString(asciiName)));

    /// <summary>The field, remembered as the one at <paramref name="position"/> of its object for the next record.</summary>
    private static Field? Predict(Field parent, int position, Field? field)
    {
        var order = parent.Order;
        if (field is null)
        {
            return null;
        }
        if (position < order.Count)
        {
            order[position] = field;
        }
        else if (position == order.Count && position < MaxPredicted)
        {
            order.Add(field);
        }
        return field;
    }

    /// <summary>The field already made for an unescaped name (UTF-8) below <paramref name="parent"/>, if any.</summary>
    private static Field? Known(Field parent, ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[128];
        if (parent.Children is null || utf8.Length > chars.Length)
        {
            return null;
        }
        var length = Encoding.UTF8.GetChars(utf8, chars);
        return parent.Children.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars[..length], out var known) ? known : null;
    }

    /// <summary>The field a property name leads to from <paramref name="parent"/>; null once the cache of names is full.</summary>
    private Field? Child(Field parent, string key)
    {
        parent.Children ??= new Dictionary<string, Field>(StringComparer.Ordinal);
        if (parent.Children.TryGetValue(key, out var field))
        {
            return field;
        }
        if (_fieldCount >= RecordFlattener.MaxCachedNames)
        {
            return null;
        }
        var path = parent.Path is null ? key : parent.Path + "_" + key;
        var name = RecordFlattener.Translate(path);
        if (!_slots.TryGetValue(name, out var slot))
        {
            _slots[name] = slot = new Slot();
        }
        var utf8 = Encoding.UTF8.GetBytes(key);
        field = new Field(path, name, slot, exceptKeys.Contains(path)) { Key = utf8, KeyIsPlain = PlainJson.IsPlainText(utf8) };
        parent.Children[key] = field;
        _fieldCount++;
        return field;
    }

    /// <summary>A field path of the stream's records: its output name, and the names below it for an object.</summary>
    internal sealed class Field(string? path, string? name, Slot? slot, bool isExcept)
    {
        public string? Path { get; } = path;
        public string? Name { get; } = name;
        public JsonEncodedText Encoded { get; } = name is null ? default : SingerWriter.Encode(name);

        /// <summary>The field's member as written: a comma, the encoded name in quotes, the colon.</summary>
        public byte[] Member { get; } = name is null ? [] : [.. ",\""u8, .. SingerWriter.Encode(name).EncodedUtf8Bytes, .. "\":"u8];
        public Slot Slot { get; } = slot!;
        public bool IsExcept { get; } = isExcept;
        public Dictionary<string, Field>? Children { get; set; }

        /// <summary>The property name in the body (UTF-8, unescaped).</summary>
        public byte[] Key { get; init; } = [];

        /// <summary>Whether the body writes <see cref="Key"/> as its bytes between quotes, nothing escaped.</summary>
        public bool KeyIsPlain { get; init; }

        /// <summary>The kinds this field has given the stream's inferrer (by the stream's loop; a page's reader leaves it alone).</summary>
        public ValueKinds Observed { get; set; }

        /// <summary>The fields of this object in the order the last record gave them (at most <see cref="MaxPredicted"/>).</summary>
        public List<Field> Order { get; } = [];
    }

    /// <summary>An output name, shared by the paths that become it; <see cref="Record"/> is the last record that used it.</summary>
    internal sealed class Slot
    {
        public long Record { get; set; }
    }

    internal enum Form
    {
        /// <summary>A printable ASCII string without escapes, written from the body's bytes.</summary>
        Utf8String,

        /// <summary>A decimal without exponent that writes back as it reads, written from the body's bytes.</summary>
        Number,
        Integer,
        Value,
    }

    internal readonly record struct Leaf(Field Field, Form Form, object? Value, ValueKinds Kind)
    {
        public int Start { get; init; }
        public int Length { get; init; }
        public long Integer { get; init; }
    }
}
