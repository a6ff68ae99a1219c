using System.Text.Json;
using Singer.Sdk;

namespace TapRest.Streams;

/// <summary>
/// Writes a stream's RECORD lines straight into the SingerWriter, each property name encoded once per stream rather
/// than once per record: the same bytes as a <see cref="RecordMessage"/> without version or time_extracted.
/// </summary>
internal sealed class RecordLineWriter(string stream)
{
    /// <summary>Bounds the cache for APIs whose keys are data (ids as keys), which would otherwise grow with the stream.</summary>
    private const int MaxCachedNames = 10_000;

    private readonly JsonEncodedText _stream = SingerWriter.Encode(stream);

    public JsonEncodedText Stream => _stream;
    private readonly Dictionary<string, JsonEncodedText> _names = new(StringComparer.Ordinal);

    public ValueTask WriteAsync(SingerWriter output, Dictionary<string, object?> record, CancellationToken cancellationToken)
    {
        var json = output.BeginRecord(_stream);
        foreach (var (name, value) in record)
        {
            json.WritePropertyName(Encoded(name));
            SingerWriter.WriteValue(json, value);
        }
        return output.EndRecordAsync(version: null, timeExtracted: null, cancellationToken);
    }

    private JsonEncodedText Encoded(string name)
    {
        if (!_names.TryGetValue(name, out var encoded))
        {
            encoded = SingerWriter.Encode(name);
            if (_names.Count < MaxCachedNames)
            {
                _names[name] = encoded;
            }
        }
        return encoded;
    }
}
