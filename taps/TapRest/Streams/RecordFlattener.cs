namespace TapRest.Streams;

/// <summary>
/// Shapes a record as tap-rest-api-msdk does: nested objects flattened into <c>parent_child</c> names (with '-' and
/// '.' in names turned into '_'), lists and except_keys (matched on the untranslated <c>parent_child</c> path) kept as
/// Python-style JSON text; with flattening off the record keeps its nesting. _sdc_raw_json carries the record as it came.
/// </summary>
internal sealed class RecordFlattener(bool enabled, IReadOnlySet<string> exceptKeys, bool storeRawJson)
{
    public const string RawJsonField = "_sdc_raw_json";

    public Dictionary<string, object?> Shape(Dictionary<string, object?> record)
    {
        Dictionary<string, object?> shaped;
        if (enabled)
        {
            shaped = new Dictionary<string, object?>(StringComparer.Ordinal);
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
            shaped[RawJsonField] = record;
        }
        return shaped;
    }

    private void Walk(Dictionary<string, object?> output, string path, object? value)
    {
        if (exceptKeys.Contains(path))
        {
            output[Translate(path)] = PythonJson.Dumps(value);
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
                output[Translate(path)] = PythonJson.Dumps(list);
                break;
            default:
                output[Translate(path)] = value;
                break;
        }
    }

    private static string Translate(string name) => name.Replace('-', '_').Replace('.', '_');
}
