namespace Singer.Sdk;

/// <summary>
/// Combines states: objects merge key by key, recursively; any other value in the newer state replaces
/// the older one. Used when a run emits partial states over an existing state file.
/// </summary>
public static class StateMerger
{
    public static Dictionary<string, object?> Merge(Dictionary<string, object?> older, Dictionary<string, object?> newer)
    {
        var result = DeepCopy(older);
        foreach (var (key, value) in newer)
        {
            result[key] = result.GetValueOrDefault(key) is Dictionary<string, object?> existing && value is Dictionary<string, object?> incoming
                ? Merge(existing, incoming)
                : Copy(value);
        }
        return result;
    }

    public static Dictionary<string, object?> DeepCopy(Dictionary<string, object?> value)
    {
        var copy = new Dictionary<string, object?>(value.Count, StringComparer.Ordinal);
        foreach (var (key, item) in value)
        {
            copy[key] = Copy(item);
        }
        return copy;
    }

    private static object? Copy(object? value) => value switch
    {
        Dictionary<string, object?> map => DeepCopy(map),
        List<object?> list => list.ConvertAll(Copy),
        _ => value,
    };
}
