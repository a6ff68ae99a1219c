using System.Buffers.Text;
using Singer.Sdk.Serialization;
using TapRest.Inference;

namespace TapRest.Streams;

/// <summary>
/// The usual record read by hand (<see cref="PlainJson"/>) instead of with the JSON reader: objects, lists of plain
/// items, strings of printable ASCII without escapes, numbers without an exponent, true, false and null, nothing nested
/// deeper than <see cref="MaxDepthByHand"/>. Each step reads exactly what the JSON grammar allows or gives up, so a
/// record read by hand is one the reader would have read, into the same leaves; anything else (an escape, non-ASCII
/// text, a comment, a trailing comma, an except_keys field) is given up on, leaving nothing in the page, and read by
/// <see cref="TryRead"/>.
/// </summary>
internal sealed partial class RawRecordWriter
{
    /// <summary>Deeper records are left to the reader, which knows the body's depth limit.</summary>
    private const int MaxDepthByHand = 32;

    /// <summary>Records given up on in a row before the hand is rested (a stream of escaped text would be read twice).</summary>
    private const int MissesBeforeRest = 16;

    private const int RestRecords = 1024;

    private int _misses;
    private int _rest;

    /// <summary>Records read by hand (for tests: that the usual record takes this path).</summary>
    internal long RecordsByHand { get; private set; }

    /// <summary>
    /// Reads the record whose bytes are <paramref name="record"/>, at <paramref name="offset"/> in the body of
    /// <see cref="PageFor"/>, into the page by hand; false, and nothing of it in the page, when it is not of the usual
    /// shape or may nest deeper than <paramref name="maxDepth"/> (the reader's limit): then <see cref="TryRead"/> reads it.
    /// </summary>
    public bool TryReadByHand(ReadOnlySpan<byte> record, int offset, int maxDepth)
    {
        if (_rest > 0)
        {
            _rest--;
            return false;
        }
        _offset = offset;
        _record++;
        var first = _page.Leaves.Count;
        var at = 0;
        if (record.Length > 0 && record[0] == (byte)'{'
            && ReadObjectByHand(record, ref at, _root, Math.Min(maxDepth, MaxDepthByHand)) && at == record.Length)
        {
            _page.Records.Add((first, _page.Leaves.Count - first));
            RecordsByHand++;
            _misses = 0;
            return true;
        }
        _page.Leaves.RemoveRange(first, _page.Leaves.Count - first);
        if (++_misses == MissesBeforeRest)
        {
            _misses = 0;
            _rest = RestRecords;
        }
        return false;
    }

    /// <summary>The object at <paramref name="at"/> (its '{'), <paramref name="at"/> then past its '}'.</summary>
    private bool ReadObjectByHand(ReadOnlySpan<byte> record, scoped ref int at, Field parent, int depth)
    {
        if (depth < 1)
        {
            return false;
        }
        at = PlainJson.SkipSpace(record, at + 1);
        if (at < record.Length && record[at] == (byte)'}')
        {
            at++;
            return true;
        }
        var position = 0;
        while (true)
        {
            if ((PredictedName(record, ref at, parent, position) ?? NameByHand(record, ref at, parent, position)) is not { IsExcept: false } field
                || at >= record.Length)
            {
                return false;
            }
            position++;
            var read = record[at] switch
            {
                (byte)'{' => ReadObjectByHand(record, ref at, field, depth - 1),
                (byte)'[' => depth > 1 && ListByHand(record, ref at) is { } text && Add(field, new Leaf(field, Form.Value, text, FieldType.KindOf(text))),
                _ => LeafByHand(record, ref at, field) is { } leaf && Add(field, leaf),
            };
            if (!read || !PlainJson.TryNextMember(record, ref at, out var end))
            {
                return false;
            }
            if (end)
            {
                return true;
            }
        }
    }

    /// <summary>
    /// The field at <paramref name="position"/> in the last record when the name at <paramref name="at"/> is its key,
    /// compared as bytes (a plain key is its bytes between quotes), <paramref name="at"/> then at the value; else null.
    /// </summary>
    private static Field? PredictedName(ReadOnlySpan<byte> record, scoped ref int at, Field parent, int position)
    {
        if (position >= parent.Order.Count)
        {
            return null;
        }
        var field = parent.Order[position];
        var close = at + 1 + field.Key.Length;
        if (!field.KeyIsPlain || close >= record.Length || record[at] != (byte)'"' || record[close] != (byte)'"'
            || !record.Slice(at + 1, field.Key.Length).SequenceEqual(field.Key))
        {
            return null;
        }
        var colon = PlainJson.SkipSpace(record, close + 1);
        if (colon >= record.Length || record[colon] != (byte)':')
        {
            return null;
        }
        at = PlainJson.SkipSpace(record, colon + 1);
        return field;
    }

    /// <summary>The field of the plain name at <paramref name="at"/>, <paramref name="at"/> then at the value; null where that name is not plain.</summary>
    private Field? NameByHand(ReadOnlySpan<byte> record, scoped ref int at, Field parent, int position) =>
        PlainJson.TryName(record, ref at, out var name) ? FieldAt(name, parent, position) : null;

    /// <summary>A scalar's leaf, as <see cref="StringLeaf"/> and <see cref="NumberLeaf"/> make it from the reader.</summary>
    private Leaf? LeafByHand(ReadOnlySpan<byte> record, scoped ref int at, Field field)
    {
        var start = at;
        if (!PlainJson.TryValue(record, ref at, out var kind, out var value))
        {
            return null;
        }
        switch (kind)
        {
            case PlainValue.String:
                return new Leaf(field, Form.Utf8String, null, FieldType.KindOfAscii(value)) { Start = _offset + start + 1, Length = value.Length };
            case PlainValue.True:
                return new Leaf(field, Form.Value, BoxedTrue, ValueKinds.Boolean);
            case PlainValue.False:
                return new Leaf(field, Form.Value, BoxedFalse, ValueKinds.Boolean);
            case PlainValue.Null:
                return new Leaf(field, Form.Value, null, ValueKinds.Null);
        }
        // As the reader's TryGetInt64: the whole literal a long.
        if (Utf8Parser.TryParse(value, out long integer, out var used) && used == value.Length)
        {
            return new Leaf(field, Form.Integer, null, ValueKinds.Integer) { Integer = integer };
        }
        if (value.Contains((byte)'.') && Singer.Sdk.CanonicalJson.IsCanonicalNumber(value))
        {
            return new Leaf(field, Form.Number, null, ValueKinds.Number) { Start = _offset + start, Length = value.Length };
        }
        var parsed = _values.Parse(value);
        return new Leaf(field, Form.Value, parsed, FieldType.KindOf(parsed));
    }

    /// <summary>
    /// A list of plain items as <see cref="PythonList"/> writes it; null for any other list (an item that is a list or
    /// an object, a decimal, a negative zero). <paramref name="at"/> is at its '[', then past its ']'.
    /// </summary>
    private string? ListByHand(ReadOnlySpan<byte> record, scoped ref int at)
    {
        _list.Clear().Append('[');
        at = PlainJson.SkipSpace(record, at + 1);
        if (at < record.Length && record[at] == (byte)']')
        {
            at++;
            return "[]";
        }
        while (true)
        {
            var start = at;
            if (!PlainJson.TryValue(record, ref at, out var kind, out var value)
                || (kind == PlainValue.Number && (value.Contains((byte)'.') || value.StartsWith("-0"u8))))
            {
                return null;
            }
            // The item as the body has it: a string with its quotes, a number or a literal.
            AppendAscii(_list, record[start..at]);
            at = PlainJson.SkipSpace(record, at);
            if (at >= record.Length)
            {
                return null;
            }
            if (record[at] == (byte)']')
            {
                at++;
                return _list.Append(']').ToString();
            }
            if (record[at] != (byte)',')
            {
                return null;
            }
            _list.Append(", ");
            at = PlainJson.SkipSpace(record, at + 1);
        }
    }

    /// <summary>Printable ASCII (a plain item's bytes) onto the text, without a string of its own.</summary>
    private static void AppendAscii(System.Text.StringBuilder text, ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length > 256)
        {
            text.Append(System.Text.Encoding.ASCII.GetString(ascii));
            return;
        }
        Span<char> chars = stackalloc char[ascii.Length];
        System.Text.Ascii.ToUtf16(ascii, chars, out var written);
        text.Append(chars[..written]);
    }
}
