using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Singer.Sdk.Serialization;

namespace Singer.Sdk;

/// <summary>
/// Writes Singer messages, one compact JSON object per line. Lines are collected in memory and handed to
/// the output in large writes; STATE messages and <see cref="FlushAsync"/> push everything out, so a
/// reader downstream sees a state only after every line before it.
/// </summary>
public sealed class SingerWriter : IAsyncDisposable
{
    private const int FlushThreshold = 1 << 16;
    private readonly Stream _output;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
    private readonly Utf8JsonWriter _json;
    private OutputClosedException? _closed;
    private MappedRecords? _maps;

    /// <summary>A writer on this process's stdout that ends the run (<see cref="SingerException"/>, exit 1) when the reader has gone.</summary>
    public static SingerWriter ForStandardOutput() => new(StandardOutputStream.Open());

    public SingerWriter(Stream output)
    {
        _output = output;
        _json = new Utf8JsonWriter(_buffer, Options);
    }

    /// <summary>
    /// Non-ASCII text is written as UTF-8, not \u escapes: smaller, and every JSON reader takes it. Public for code that
    /// writes a record's JSON itself (<see cref="WriteRecordAsync"/>).
    /// </summary>
    public static readonly JsonWriterOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Pre-encodes a name or repeated string once, with the escaping this writer uses.</summary>
    public static JsonEncodedText Encode(string text) => JsonEncodedText.Encode(text, Options.Encoder);

    /// <summary>
    /// Applies the config's stream maps to every message written from now on (a tap calls this once, before it syncs).
    /// Without it the writer does no per-record work for maps at all.
    /// </summary>
    public void UseMaps(Maps.StreamMapper maps) => _maps = new MappedRecords(maps);

    public async ValueTask WriteAsync(SingerMessage message, CancellationToken cancellationToken = default)
    {
        if (_maps is null)
        {
            Append(message);
        }
        else
        {
            foreach (var mapped in _maps.Mapper.Map(message))
            {
                Append(mapped);
            }
        }
        if (message is StateMessage)
        {
            await FlushAsync(cancellationToken);
        }
        else if (_buffer.WrittenCount >= FlushThreshold)
        {
            await DrainBufferAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Starts a RECORD line and returns the JSON writer positioned inside the <c>record</c> object, so a tap
    /// can write a row's fields straight from its source without building a dictionary first.
    /// Finish the line with <see cref="EndRecordAsync"/>.
    /// </summary>
    public Utf8JsonWriter BeginRecord(JsonEncodedText stream)
    {
        if (_maps is not null && !_maps.PassesThrough(stream))
        {
            return _maps.BeginRecord(stream);
        }
        StartRecordLine(stream);
        _json.WriteStartObject();
        return _json;
    }

    public ValueTask EndRecordAsync(long? version, JsonEncodedText? timeExtracted, CancellationToken cancellationToken = default)
    {
        if (_maps is { IsRecordOpen: true })
        {
            if (_maps.EndRecord(version, timeExtracted) is { } messages)
            {
                foreach (var mapped in messages)
                {
                    Append(mapped);
                }
            }
            else
            {
                for (var i = 0; i < _maps.OutputCount; i++)
                {
                    var (stream, record) = _maps.Output(i);
                    AppendRecord(stream, record.Span, version, timeExtracted);
                }
            }
            return _buffer.WrittenCount >= FlushThreshold ? DrainBufferAsync(cancellationToken) : ValueTask.CompletedTask;
        }
        _json.WriteEndObject();
        EndRecordLine(version, timeExtracted);
        return _buffer.WrittenCount >= FlushThreshold ? DrainBufferAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>
    /// Whether a RECORD line of <paramref name="stream"/> can be written from its record's JSON bytes
    /// (<see cref="WriteRecordAsync"/>): not when the config's maps rewrite the stream's records.
    /// </summary>
    public bool TakesRecordBytes(JsonEncodedText stream) => _maps is null || _maps.PassesThrough(stream);

    /// <summary>
    /// A RECORD line (without version or time_extracted) around <paramref name="record"/>, the record object's JSON as
    /// this writer would write it (compact, its escaping), for a stream that <see cref="TakesRecordBytes"/>.
    /// </summary>
    public ValueTask WriteRecordAsync(JsonEncodedText stream, ReadOnlySpan<byte> record, CancellationToken cancellationToken = default)
    {
        if (!TakesRecordBytes(stream))
        {
            throw new InvalidOperationException($"stream '{stream}': records that maps rewrite cannot be written as bytes");
        }
        StartRecordLine(stream);
        _json.WriteRawValue(record, skipInputValidation: true);
        EndRecordLine(version: null, timeExtracted: null);
        return _buffer.WrittenCount >= FlushThreshold ? DrainBufferAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Writes a double as JSON; NaN and infinities, which JSON cannot hold, as null.</summary>
    public static void WriteNumber(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    /// <summary>Writes a float as the shortest text that reads back as the same float; NaN and infinities as null.</summary>
    public static void WriteNumber(Utf8JsonWriter json, float value)
    {
        if (float.IsFinite(value))
        {
            json.WriteNumberValue(value);
        }
        else
        {
            json.WriteNullValue();
        }
    }

    /// <summary>Writes any record value (see <see cref="RecordMessage"/>) with the SDK's exact encodings.</summary>
    public static void WriteValue(Utf8JsonWriter json, object? value) => JsonValueWriter.Write(json, value);

    /// <summary>Writes a bare JSON value as one line: targets emit their state this way, like the Python targets.</summary>
    public async ValueTask WriteLineAsync(object? value, CancellationToken cancellationToken = default)
    {
        JsonValueWriter.Write(_json, value);
        EndLine();
        await FlushAsync(cancellationToken);
    }

    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        await DrainBufferAsync(cancellationToken);
        try
        {
            await _output.FlushAsync(cancellationToken);
        }
        catch (IOException ex) when (OutputClosedException.IsBrokenPipe(ex))
        {
            throw _closed = new OutputClosedException(ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_closed is null)
        {
            await FlushAsync();
        }
        await _json.DisposeAsync();
        _maps?.Dispose();
    }

    /// <summary>The line a message becomes, without the newline (for tests and tools).</summary>
    public static string Serialize(SingerMessage message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            MessageEncoder.Write(json, message);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void Append(SingerMessage message)
    {
        if (message is RecordMessage { Encoded.IsEmpty: false } record)
        {
            AppendRecord(record.Stream, record.Encoded.Span, record.Version, record.TimeExtracted is { } extracted ? EncodedExtracted(extracted) : null);
            return;
        }
        MessageEncoder.Write(_json, message);
        EndLine();
    }

    private string? _headStream;
    private byte[] _head = [];
    private string? _extractedText;
    private JsonEncodedText _extracted;

    /// <summary>time_extracted encoded, kept for the last value: records in a row mostly share it.</summary>
    private JsonEncodedText EncodedExtracted(string text)
    {
        if (!string.Equals(text, _extractedText, StringComparison.Ordinal))
        {
            _extracted = Encode(text);
            _extractedText = text;
        }
        return _extracted;
    }

    /// <summary>
    /// A RECORD line around a record object already written as JSON (a transcoder's, or a mapped output's): the bytes
    /// <see cref="MessageEncoder"/> writes for it, put together from bytes. The envelope before the record is kept for
    /// the last stream, as records in a row mostly share it (the JSON writer encoded and escaped the name every line).
    /// </summary>
    private void AppendRecord(string stream, ReadOnlySpan<byte> record, long? version, JsonEncodedText? timeExtracted)
    {
        if (!string.Equals(stream, _headStream, StringComparison.Ordinal))
        {
            _head = [.. "{\"type\":\"RECORD\",\"stream\":\""u8, .. Encode(stream).EncodedUtf8Bytes, .. "\",\"record\":"u8];
            _headStream = stream;
        }
        _buffer.Write(_head);
        _buffer.Write(record);
        if (version is { } v)
        {
            var span = _buffer.GetSpan(32);
            ",\"version\":"u8.CopyTo(span);
            System.Buffers.Text.Utf8Formatter.TryFormat(v, span[11..], out var digits);
            _buffer.Advance(11 + digits);
        }
        if (timeExtracted is { } extracted)
        {
            _buffer.Write(",\"time_extracted\":\""u8);
            _buffer.Write(extracted.EncodedUtf8Bytes);
            _buffer.Write("\""u8);
        }
        _buffer.Write("}\n"u8);
    }

    /// <summary>A RECORD message up to its <c>record</c> value: the type, the stream and the property name.</summary>
    private void StartRecordLine(JsonEncodedText stream)
    {
        _json.WriteStartObject();
        _json.WriteString("type"u8, "RECORD"u8);
        _json.WriteString("stream"u8, stream);
        _json.WritePropertyName("record"u8);
    }

    /// <summary>Closes a RECORD message after its <c>record</c> value: the optional version and time_extracted, then the line's end.</summary>
    private void EndRecordLine(long? version, JsonEncodedText? timeExtracted)
    {
        if (version is { } v)
        {
            _json.WriteNumber("version"u8, v);
        }
        if (timeExtracted is { } extracted)
        {
            _json.WriteString("time_extracted"u8, extracted);
        }
        _json.WriteEndObject();
        EndLine();
    }

    private void EndLine()
    {
        _json.Flush();
        _json.Reset();
        _buffer.Write("\n"u8);
    }

    private async ValueTask DrainBufferAsync(CancellationToken cancellationToken)
    {
        if (_closed is not null)
        {
            throw new OutputClosedException(_closed); // a line written after the reader left must not look delivered
        }
        if (_buffer.WrittenCount == 0)
        {
            return;
        }
        try
        {
            await _output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
        }
        catch (OutputClosedException ex)
        {
            _closed = ex;
            throw;
        }
        catch (IOException ex) when (OutputClosedException.IsBrokenPipe(ex))
        {
            throw _closed = new OutputClosedException(ex);
        }
        _buffer.ResetWrittenCount();
    }
}
