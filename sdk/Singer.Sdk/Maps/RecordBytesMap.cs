using System.Buffers;
using System.Text.Json;
using Singer.Sdk.Maps.Expressions;
using Singer.Sdk.Serialization;

namespace Singer.Sdk.Maps;

/// <summary>
/// A <see cref="StreamMap"/>'s record rewrite done on the record's JSON bytes, for the fast paths of taps (records
/// written straight as JSON) and targets (records transcoded from the input bytes). Only the properties the expressions
/// read are parsed; every other kept value is copied as its bytes when they are exactly what parsing and writing it
/// would give (plain ASCII strings, integers, decimals without exponent, literals), else parsed and written the ordinary
/// way. So the output is byte for byte <see cref="StreamMap.Transform"/>'s record written by <see cref="SingerWriter"/>.
/// A record it is not sure of (a key seen twice, a long value split over buffers, a value that does not parse) is
/// declined, and the caller takes the ordinary path, where the error (if any) is reported as before.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001",
    Justification = "Its JSON writers write to its own buffers, which hold no handle: nothing to release, and a map lives as long as its stream.")]
internal sealed class RecordBytesMap
{
    private const int MaxCachedNames = 4096;
    private const int MaxPredicted = 256;
    private static readonly byte[] Colon = ":"u8.ToArray();

    private readonly StreamMap _map;
    private readonly PropertyMap[] _computed; // properties set from an expression, in the map's order
    private readonly byte[][] _computedNames; // "name": of each, as the writer encodes it
    private readonly Dictionary<string, int> _computedIndex = new(StringComparer.Ordinal);
    private readonly HashSet<string> _references = new(StringComparer.Ordinal);
    private readonly string[] _keys; // with __else__ null: the key properties kept, in key order
    private readonly bool _dropped;
    private readonly Utf8NameTable _names = new();
    private readonly MemberGaps<Name> _gaps = new();
    private readonly Dictionary<string, Name> _byName = new(StringComparer.Ordinal);
    private readonly List<Name> _predicted = []; // the names of the last record, by position: the next record's guess
    private int _record; // counts records, for Name.SeenIn

    // Per record, reused: the values the expressions read, the kept properties as pieces of _pieces, the output.
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private readonly List<Piece> _kept = [];
    private readonly ArrayBufferWriter<byte> _pieces = new(1 << 10);
    private readonly ArrayBufferWriter<byte> _output = new(1 << 10);
    private readonly Utf8JsonWriter _piecesJson;
    private readonly Utf8JsonWriter _outputJson;
    private readonly object?[] _results;
    private readonly bool[] _placed;

    /// <summary>A kept property: its value's bytes in <see cref="_pieces"/>, or the index of the expression that replaces it.</summary>
    private readonly record struct Piece(Name Name, int Start, int Length);

    /// <summary>
    /// A property name seen in the stream's records, with what the map does with it, worked out once: records of a stream
    /// mostly repeat their names in one order, so a name is found by comparing its bytes with the name at its position in
    /// the last record, and a whole record costs no hashing.
    /// </summary>
    private sealed class Name(string text, byte[] utf8, byte[] encoded, int computed, bool kept, bool referenced)
    {
        public string Text { get; } = text;

        /// <summary>The name's bytes as first seen unescaped (empty when first seen escaped: then never predicted).</summary>
        public byte[] Utf8 { get; } = utf8;

        /// <summary><c>"name":</c> as the writer encodes it.</summary>
        public byte[] Encoded { get; } = encoded;

        /// <summary>The index of the expression that sets it, or -1.</summary>
        public int Computed { get; } = computed;

        public bool Kept { get; } = kept;

        /// <summary>An expression or the filter reads it.</summary>
        public bool Referenced { get; } = referenced;

        /// <summary>The last record it was seen in (a name seen twice in one record declines it).</summary>
        public int SeenIn { get; set; } = -1;
    }

    public enum Outcome
    {
        /// <summary>The mapped record is in <see cref="Mapped"/>.</summary>
        Written,

        /// <summary>The filter left the record out (or the stream is dropped): nothing to write.</summary>
        Filtered,

        /// <summary>Not sure of this record: take the ordinary path.</summary>
        Declined,
    }

    private RecordBytesMap(StreamMap map)
    {
        _map = map;
        _dropped = map.Output is null;
        _computed = map.Properties.Where(p => p.Expression is not null).ToArray();
        _computedNames = Array.ConvertAll(_computed, p => EncodeName(p.Property));
        for (var i = 0; i < _computed.Length; i++)
        {
            _computedIndex[_computed[i].Property] = i;
            _references.UnionWith(_computed[i].Expression!.References!);
        }
        if (map.Filter is { } filter)
        {
            _references.UnionWith(filter.References!);
        }
        _keys = map.KeepUnlisted || map.Output is null ? [] : [.. map.Output.KeyProperties];
        _results = new object?[_computed.Length];
        _placed = new bool[_computed.Length];
        _piecesJson = new Utf8JsonWriter(_pieces, SingerWriter.Options);
        _outputJson = new Utf8JsonWriter(_output, SingerWriter.Options);
    }

    /// <summary>The byte map of <paramref name="map"/>, or null when it needs whole records (flattening, an expression using <c>record</c> as a whole).</summary>
    public static RecordBytesMap? For(StreamMap map)
    {
        if (map.Output is null)
        {
            return new RecordBytesMap(map);
        }
        if (map.Flattener is not null || map.Scope is null && (map.Filter is not null || map.Properties.Any(p => p.Expression is not null)))
        {
            return null;
        }
        if (map.Filter is { References: null } || map.Properties.Any(p => p.Expression is { References: null }))
        {
            return null;
        }
        return new RecordBytesMap(map);
    }

    /// <summary>The last record written (valid until the next call).</summary>
    public ReadOnlyMemory<byte> Mapped => _output.WrittenMemory;

    /// <summary>
    /// Maps the record the reader is on (its StartObject), leaving the reader on its EndObject unless declined. A failing
    /// expression throws <see cref="MapRuntimeException"/>, as <see cref="StreamMap.Transform"/> does.
    /// </summary>
    public Outcome TryMap(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.StartObject && TryRead(ref reader) ? MapRead() : Outcome.Declined;

    /// <summary>
    /// <see cref="TryMap"/> for a record read by hand (<see cref="PlainJson"/>): the object at <paramref name="at"/> in
    /// <paramref name="json"/> (its '{'), <paramref name="at"/> moved past its '}' and the white space after unless
    /// declined. Declined as well for anything not plain, or a number whose value would be a BigInteger.
    /// </summary>
    public Outcome TryMapPlain(ReadOnlySpan<byte> json, ref int at) => TryReadPlain(json, ref at) ? MapRead() : Outcome.Declined;

    /// <summary>The filter and the expressions over the record just read, and the mapped record written.</summary>
    private Outcome MapRead()
    {
        if (_dropped)
        {
            return Outcome.Filtered; // read all the same: a record the ordinary path could not parse is declined
        }
        var scope = _map.Scope;
        if (scope is not null)
        {
            scope.Record = _values;
        }
        if (_map.Filter is { } filter && !PythonValues.Truthy(_map.Evaluate(filter, StreamMapBuilder.Filter)))
        {
            return Outcome.Filtered;
        }
        for (var i = 0; i < _computed.Length; i++)
        {
            _results[i] = StreamMap.ToRecordValue(_map.Evaluate(_computed[i].Expression!, _computed[i].Property));
        }
        Write();
        return Outcome.Written;
    }

    private void BeginRecord()
    {
        if (_values.Count > 0)
        {
            _values.Clear();
        }
        _kept.Clear();
        _pieces.ResetWrittenCount();
        _record++;
    }

    /// <summary>
    /// <see cref="TryRead"/> over bytes read by hand: every value plain, so each one parses (no value needs checking),
    /// and each is copied as its bytes unless it is a number that does not write back as it reads.
    /// </summary>
    private bool TryReadPlain(ReadOnlySpan<byte> json, ref int at)
    {
        BeginRecord();
        var i = at;
        for (var position = 0; ; position++)
        {
            // The same bytes as last time from the value before to this one: the same name.
            if (!_gaps.TryMatch(json, ref i, position, out var name))
            {
                var gapStart = i;
                if (!PlainJson.TryNextName(json, ref i, position == 0, out var utf8, out var end))
                {
                    return false;
                }
                if (end)
                {
                    break;
                }
                if (NameAt(position, utf8) is not { } found)
                {
                    return false;
                }
                name = found;
                _gaps.Remember(position, json[gapStart..i], name);
            }
            if (name.SeenIn == _record)
            {
                return false;
            }
            name.SeenIn = _record;
            var kept = name.Kept && name.Computed < 0;
            var start = _pieces.WrittenCount;
            var valueStart = i;
            if (!PlainJson.TryValue(json, ref i, out var kind, out var value))
            {
                return false;
            }
            var copied = kept && (kind != PlainValue.Number || CanonicalJson.IsCanonicalNumber(value));
            if (name.Referenced || (kept && !copied))
            {
                if (!TryPlainValue(kind, value, out var parsed))
                {
                    return false;
                }
                if (name.Referenced)
                {
                    _values[name.Text] = parsed;
                }
                if (kept && !copied)
                {
                    WriteParsed(parsed);
                }
            }
            if (copied)
            {
                _pieces.Write(json[valueStart..i]);
            }
            if (name.Kept)
            {
                _kept.Add(new Piece(name, start, _pieces.WrittenCount - start));
            }
        }
        at = i;
        return true;
    }

    /// <summary>A plain value as parsing gives it; false for a number that would be a BigInteger or BigDecimal.</summary>
    private static bool TryPlainValue(PlainValue kind, ReadOnlySpan<byte> value, out object? parsed)
    {
        parsed = null;
        switch (kind)
        {
            case PlainValue.Null:
                return true;
            case PlainValue.True or PlainValue.False:
                parsed = kind == PlainValue.True;
                return true;
            case PlainValue.Number:
                return JsonValueReader.TryReadSmallNumber(value, out parsed);
            default:
                parsed = System.Text.Encoding.UTF8.GetString(value);
                return true;
        }
    }

    /// <summary>One pass over the record: the referenced values parsed, the kept ones written as pieces, the rest checked and skipped.</summary>
    private bool TryRead(ref Utf8JsonReader reader)
    {
        BeginRecord();
        try
        {
            var position = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.HasValueSequence || NameAt(position++, ref reader) is not { } name || name.SeenIn == _record)
                {
                    return false; // a name seen twice: the ordinary path keeps the last value at the first place
                }
                name.SeenIn = _record;
                var kept = name.Kept && name.Computed < 0;
                var start = _pieces.WrittenCount;
                reader.Read();
                if (reader.HasValueSequence)
                {
                    return false;
                }
                if (name.Referenced)
                {
                    var copied = kept && TryCopy(ref reader);
                    var value = JsonValueReader.ReadValue(ref reader);
                    _values[name.Text] = value;
                    if (kept && !copied)
                    {
                        WriteParsed(value);
                    }
                }
                else if (kept && !TryCopy(ref reader))
                {
                    WriteParsed(JsonValueReader.ReadValue(ref reader));
                }
                else
                {
                    Check(ref reader);
                }
                if (name.Kept)
                {
                    _kept.Add(new Piece(name, start, _pieces.WrittenCount - start));
                }
            }
            return reader.TokenType == JsonTokenType.EndObject;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            return false; // the ordinary path parses it again and reports what is wrong (NumberRangeException is a JsonException)
        }
    }

    /// <summary>The name the reader is on, the <paramref name="position"/>th of its record; null past the bound on names kept.</summary>
    private Name? NameAt(int position, ref Utf8JsonReader reader)
    {
        if (position < _predicted.Count && !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual(_predicted[position].Utf8))
        {
            return _predicted[position];
        }
        return NameAt(position, _names.GetName(ref reader), reader.ValueIsEscaped ? [] : reader.ValueSpan);
    }

    /// <summary><see cref="NameAt(int, ref Utf8JsonReader)"/> for a name read by hand (its bytes, never escaped).</summary>
    private Name? NameAt(int position, ReadOnlySpan<byte> utf8)
    {
        if (position < _predicted.Count && utf8.SequenceEqual(_predicted[position].Utf8))
        {
            return _predicted[position];
        }
        return NameAt(position, _names.GetName(utf8), utf8);
    }

    /// <param name="utf8">The name's bytes as read, empty when it was escaped (such a name is never predicted).</param>
    private Name? NameAt(int position, string text, ReadOnlySpan<byte> utf8)
    {
        if (!_byName.TryGetValue(text, out var name))
        {
            if (_byName.Count >= MaxCachedNames)
            {
                return null;
            }
            var computed = _computedIndex.GetValueOrDefault(text, -1);
            var kept = _map.KeepUnlisted ? !_map.Removed.Contains(text) : Array.IndexOf(_keys, text) >= 0;
            name = new Name(text, utf8.ToArray(), EncodeName(text), computed, kept, _references.Contains(text));
            _byName[text] = name;
        }
        if (!utf8.IsEmpty && position < MaxPredicted && utf8.SequenceEqual(name.Utf8))
        {
            if (position < _predicted.Count)
            {
                _predicted[position] = name;
            }
            else if (position == _predicted.Count)
            {
                _predicted.Add(name);
            }
        }
        return name;
    }

    /// <summary>Copies a value's bytes when they are exactly what parsing and writing it would give; false otherwise.</summary>
    private bool TryCopy(ref Utf8JsonReader reader)
    {
        if (!CanonicalJson.IsCanonical(ref reader))
        {
            return false;
        }
        var value = reader.ValueSpan;
        if (reader.TokenType == JsonTokenType.String)
        {
            var quoted = _pieces.GetSpan(value.Length + 2);
            quoted[0] = (byte)'"';
            value.CopyTo(quoted[1..]);
            quoted[value.Length + 1] = (byte)'"';
            _pieces.Advance(value.Length + 2);
        }
        else
        {
            _pieces.Write(value);
        }
        return true;
    }

    /// <summary>A value not kept: parsed anyway unless its bytes are plainly good, so a bad one fails as the ordinary path fails.</summary>
    private static void Check(ref Utf8JsonReader reader)
    {
        if (!CanonicalJson.IsCanonical(ref reader))
        {
            JsonValueReader.ReadValue(ref reader);
        }
    }

    private void WriteParsed(object? value)
    {
        JsonValueWriter.Write(_piecesJson, value);
        _piecesJson.Flush();
        _piecesJson.Reset();
    }

    /// <summary>The output record, in the order <see cref="StreamMap.Transform"/> builds it.</summary>
    private void Write()
    {
        _output.ResetWrittenCount();
        Array.Clear(_placed);
        _output.Write("{"u8);
        var first = true;
        if (_map.KeepUnlisted)
        {
            foreach (var piece in _kept)
            {
                WritePiece(piece, ref first);
            }
        }
        else
        {
            foreach (var key in _keys)
            {
                foreach (var piece in _kept)
                {
                    if (piece.Name.Text == key)
                    {
                        WritePiece(piece, ref first);
                        break;
                    }
                }
            }
        }
        for (var i = 0; i < _computed.Length; i++)
        {
            if (!_placed[i])
            {
                WriteComputed(i, ref first);
            }
        }
        _output.Write("}"u8);
    }

    private void WritePiece(Piece piece, ref bool first)
    {
        if (piece.Name.Computed >= 0)
        {
            WriteComputed(piece.Name.Computed, ref first);
            _placed[piece.Name.Computed] = true;
            return;
        }
        // The comma, the name and the value in one reservation of the output: three writes cost more than the copying.
        var name = piece.Name.Encoded;
        var value = _pieces.WrittenSpan.Slice(piece.Start, piece.Length);
        var comma = first ? 0 : 1;
        var length = comma + name.Length + value.Length;
        var span = _output.GetSpan(length);
        span[0] = (byte)',';
        name.CopyTo(span[comma..]);
        value.CopyTo(span[(comma + name.Length)..]);
        _output.Advance(length);
        first = false;
    }

    private void WriteComputed(int index, ref bool first)
    {
        if (!first)
        {
            _output.Write(","u8);
        }
        first = false;
        _output.Write(_computedNames[index]);
        JsonValueWriter.Write(_outputJson, _results[index]);
        _outputJson.Flush();
        _outputJson.Reset();
    }

    private static byte[] EncodeName(string name) =>
        [.. "\""u8, .. SingerWriter.Encode(name).EncodedUtf8Bytes, .. "\""u8, .. Colon];
}
