using Singer.Sdk;

namespace TapRest.Streams;

/// <summary>
/// Shapes a record as tap-rest-api-msdk does: nested objects flattened into <c>parent_child</c> names (with '-' and
/// '.' in names turned into '_'), lists and except_keys (matched on the untranslated <c>parent_child</c> path) kept as
/// Python-style JSON text; with flattening off the record keeps its nesting. _sdc_raw_json carries the record as it came.
/// Two fields that would become one name (<c>a.b</c> beside <c>a_b</c>, or <c>a: {b}</c> beside <c>a_b</c>) stop the run
/// naming both: the msdk keeps the last one and drops the other's value without a word.
/// </summary>
internal sealed class RecordFlattener(string stream, bool enabled, IReadOnlySet<string> exceptKeys, bool storeRawJson)
{
    /// <summary>For the record being shaped: each output name and the field path it came from.</summary>
    private readonly Dictionary<string, string> _sources = new(StringComparer.Ordinal);

    public const string RawJsonField = "_sdc_raw_json";

    public Dictionary<string, object?> Shape(Dictionary<string, object?> record)
    {
        Dictionary<string, object?> shaped;
        if (enabled)
        {
            shaped = new Dictionary<string, object?>(StringComparer.Ordinal);
            _sources.Clear();
            foreach (var (key, value) in record)
            {
                Walk(shaped, key, value);
            }
        }
        else
        {
            shaped = new Dictionary<string, object?>(record, StringComparer.Ordinal);
        }
        if (storeRawJson)
        {
            if (shaped.ContainsKey(RawJsonField))
            {
                throw new SingerException($"stream '{stream}': the records have a field named {RawJsonField}, which store_raw_json_message " +
                    "would overwrite: turn store_raw_json_message off for this stream");
            }
            shaped[RawJsonField] = record;
        }
        return shaped;
    }

    private void Walk(Dictionary<string, object?> output, string path, object? value)
    {
        if (exceptKeys.Contains(path))
        {
            Put(output, path, PythonJson.Dumps(value));
            return;
        }
        switch (value)
        {
            case Dictionary<string, object?> nested:
                foreach (var (key, item) in nested)
                {
                    Walk(output, path + "_" + key, item);
                }
                break;
            case List<object?> list:
                Put(output, path, PythonJson.Dumps(list));
                break;
            default:
                Put(output, path, value);
                break;
        }
    }

    private void Put(Dictionary<string, object?> output, string path, object? value)
    {
        var name = Translate(path);
        if (!_sources.TryAdd(name, path))
        {
            throw new SingerException($"stream '{stream}': fields '{_sources[name]}' and '{path}' of a record both become '{name}' when flattened, " +
                "so one value would be lost: list one of them in except_keys, or set flattening_enabled: false");
        }
        output[name] = value;
    }

    private static string Translate(string name) => name.Replace('-', '_').Replace('.', '_');
}
