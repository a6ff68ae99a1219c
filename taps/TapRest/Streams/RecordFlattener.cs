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
    /// <summary>Field path → output name, and (parent path, key) → field path: records of a stream share their names, so
    /// the millionth record builds no name strings.</summary>
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Parent, string Key), string> _paths = [];
    private Dictionary<string, object?>? _record;

    public const string RawJsonField = "_sdc_raw_json";

    /// <summary>Whether <see cref="RawRecordWriter"/> shapes records exactly as this does: flattening on, no _sdc_raw_json.</summary>
    public bool FlattensOnly => enabled && !storeRawJson;

    public IReadOnlySet<string> ExceptKeys => exceptKeys;

    public Dictionary<string, object?> Shape(Dictionary<string, object?> record)
    {
        Dictionary<string, object?> shaped;
        if (enabled)
        {
            shaped = new Dictionary<string, object?>(record.Count, StringComparer.Ordinal);
            _record = record;
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
                    Walk(output, PathOf(path, key), item);
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

    private string PathOf(string parent, string key)
    {
        if (!_paths.TryGetValue((parent, key), out var path))
        {
            path = parent + "_" + key;
            if (_paths.Count < MaxCachedNames)
            {
                _paths[(parent, key)] = path;
            }
        }
        return path;
    }

    /// <summary>Bounds the caches for APIs whose keys are data (ids as keys), which would otherwise grow with the stream.</summary>
    public const int MaxCachedNames = 10_000;

    private void Put(Dictionary<string, object?> output, string path, object? value)
    {
        if (!_names.TryGetValue(path, out var name))
        {
            name = Translate(path);
            if (_names.Count < MaxCachedNames)
            {
                _names[path] = name;
            }
        }
        if (!output.TryAdd(name, value))
        {
            throw new SingerException($"stream '{stream}': fields '{SourceOf(name, path)}' and '{path}' of a record both become '{name}' when flattened, " +
                "so one value would be lost: list one of them in except_keys, or set flattening_enabled: false");
        }
    }

    /// <summary>For the error only: the earlier field of the record (in shaping order) whose path also becomes <paramref name="name"/>.</summary>
    private string SourceOf(string name, string path) =>
        _record is null ? name : LeafPaths(_record).FirstOrDefault(p => p != path && Translate(p) == name) ?? name;

    /// <summary>The paths <see cref="Walk"/> puts into a record, in the same order.</summary>
    private IEnumerable<string> LeafPaths(Dictionary<string, object?> record, string? parent = null)
    {
        foreach (var (key, value) in record)
        {
            var path = parent is null ? key : parent + "_" + key;
            if (value is Dictionary<string, object?> nested && !exceptKeys.Contains(path))
            {
                foreach (var leaf in LeafPaths(nested, path))
                {
                    yield return leaf;
                }
            }
            else
            {
                yield return path;
            }
        }
    }

    /// <summary>A field path's output name.</summary>
    public static string Translate(string name) => name.Replace('-', '_').Replace('.', '_');
}
