using System.Buffers;
using System.Text.Json;

namespace Singer.Sdk.Serialization;

/// <summary>
/// The stream-map side of <see cref="SingerWriter"/> for taps that write records straight as JSON
/// (<see cref="SingerWriter.BeginRecord"/>): a record of a mapped stream is written to a scratch buffer instead and
/// mapped from those bytes (<see cref="Maps.RecordBytesMap"/>) into <see cref="Outputs"/>, which the writer wraps in
/// RECORD lines. When a map needs the whole record, or the bytes map declines it, the scratch line is read back as a
/// message and mapped as one. Streams no map touches keep the direct path.
/// </summary>
internal sealed class MappedRecords : IDisposable
{
    private readonly ArrayBufferWriter<byte> _scratch = new(1 << 12);
    private readonly ArrayBufferWriter<byte> _mapped = new(1 << 12);
    private readonly Utf8JsonWriter _json;
    private readonly SingerMessageParser _parser = new();
    private readonly Dictionary<string, (bool PassesThrough, string Name)> _streams = new(StringComparer.Ordinal);
    private readonly List<(string Stream, int Start, int Length)> _outputs = [];
    private string _stream = "";
    private int _recordStart;

    public MappedRecords(Maps.StreamMapper mapper)
    {
        Mapper = mapper;
        _json = new Utf8JsonWriter(_scratch, SingerWriter.Options);
    }

    public Maps.StreamMapper Mapper { get; }

    public void Dispose() => _json.Dispose();

    public bool IsRecordOpen { get; private set; }

    /// <summary>Decided once per stream name (the encoded name is the key: it is what the tap hands over).</summary>
    public bool PassesThrough(JsonEncodedText stream) => StreamOf(stream).PassesThrough;

    private (bool PassesThrough, string Name) StreamOf(JsonEncodedText stream)
    {
        if (!_streams.TryGetValue(stream.Value, out var known))
        {
            using var quoted = JsonDocument.Parse("\"" + stream.Value + "\"");
            var name = quoted.RootElement.GetString()!;
            _streams[stream.Value] = known = (Mapper.PassesThrough(name), name);
        }
        return known;
    }

    public Utf8JsonWriter BeginRecord(JsonEncodedText stream)
    {
        IsRecordOpen = true;
        _stream = StreamOf(stream).Name;
        _json.WriteStartObject();
        _json.WriteString("type"u8, "RECORD"u8);
        _json.WriteString("stream"u8, stream);
        _json.WritePropertyName("record"u8);
        _json.Flush();
        _recordStart = _scratch.WrittenCount;
        _json.WriteStartObject();
        return _json;
    }

    /// <summary>How many records the last <see cref="EndRecord"/> mapped from bytes (one line each, see <see cref="Output"/>).</summary>
    public int OutputCount => _outputs.Count;

    public (string Stream, ReadOnlyMemory<byte> Record) Output(int index) =>
        (_outputs[index].Stream, _mapped.WrittenMemory.Slice(_outputs[index].Start, _outputs[index].Length));

    /// <summary>
    /// Ends the record. Returns null when it was mapped from its bytes (the lines to write are then <see cref="Output"/>),
    /// else the messages it maps to.
    /// </summary>
    public IReadOnlyList<SingerMessage>? EndRecord(long? version, JsonEncodedText? timeExtracted)
    {
        IsRecordOpen = false;
        _json.WriteEndObject();
        _json.Flush();
        var recordEnd = _scratch.WrittenCount;
        try
        {
            if (TryMapBytes(_scratch.WrittenSpan[_recordStart..recordEnd]))
            {
                return null;
            }
            if (version is { } v)
            {
                _json.WriteNumber("version"u8, v);
            }
            if (timeExtracted is { } extracted)
            {
                _json.WriteString("time_extracted"u8, extracted);
            }
            _json.WriteEndObject();
            _json.Flush();
            var message = _parser.Parse(new ReadOnlySequence<byte>(_scratch.WrittenMemory), 0);
            return Mapper.Map(message);
        }
        finally
        {
            _json.Reset();
            _scratch.ResetWrittenCount();
        }
    }

    private bool TryMapBytes(ReadOnlySpan<byte> record)
    {
        _outputs.Clear();
        _mapped.ResetWrittenCount();
        if (Mapper.BytesMapsOf(_stream) is not { } maps)
        {
            return false;
        }
        foreach (var map in maps)
        {
            var reader = new Utf8JsonReader(record);
            reader.Read();
            var bytes = map.BytesMap!;
            switch (bytes.TryMap(ref reader))
            {
                case Maps.RecordBytesMap.Outcome.Declined:
                    return false;
                case Maps.RecordBytesMap.Outcome.Written:
                    _outputs.Add((map.OutputStream, _mapped.WrittenCount, bytes.Mapped.Length));
                    _mapped.Write(bytes.Mapped.Span);
                    break;
            }
        }
        return true;
    }
}
