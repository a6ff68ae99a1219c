using System.Buffers;
using System.Text.Json;

namespace Singer.Sdk.Serialization;

/// <summary>
/// The stream-map side of <see cref="SingerWriter"/> for taps that write records straight as JSON
/// (<see cref="SingerWriter.BeginRecord"/>): a record of a mapped stream is written to a scratch buffer instead, read
/// back as a message, mapped, and only then written out. Streams no map touches keep the direct path.
/// </summary>
internal sealed class MappedRecords : IDisposable
{
    private readonly ArrayBufferWriter<byte> _scratch = new(1 << 12);
    private readonly Utf8JsonWriter _json;
    private readonly SingerMessageParser _parser = new();
    private readonly Dictionary<string, bool> _passesThrough = new(StringComparer.Ordinal);

    public MappedRecords(Maps.StreamMapper mapper)
    {
        Mapper = mapper;
        _json = new Utf8JsonWriter(_scratch, SingerWriter.Options);
    }

    public Maps.StreamMapper Mapper { get; }

    public void Dispose() => _json.Dispose();

    public bool IsRecordOpen { get; private set; }

    /// <summary>Decided once per stream name (the encoded name is the key: it is what the tap hands over).</summary>
    public bool PassesThrough(JsonEncodedText stream)
    {
        if (!_passesThrough.TryGetValue(stream.Value, out var passes))
        {
            var name = JsonSerializer.Deserialize<string>("\"" + stream.Value + "\"")!;
            _passesThrough[stream.Value] = passes = Mapper.PassesThrough(name);
        }
        return passes;
    }

    public Utf8JsonWriter BeginRecord(JsonEncodedText stream)
    {
        IsRecordOpen = true;
        _json.WriteStartObject();
        _json.WriteString("type"u8, "RECORD"u8);
        _json.WriteString("stream"u8, stream);
        _json.WriteStartObject("record"u8);
        return _json;
    }

    public IReadOnlyList<SingerMessage> EndRecord(long? version, JsonEncodedText? timeExtracted)
    {
        IsRecordOpen = false;
        _json.WriteEndObject();
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
        _json.Reset();
        _scratch.ResetWrittenCount();
        return Mapper.Map(message);
    }
}
