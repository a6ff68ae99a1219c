using System.Collections.Concurrent;

namespace TapRest.Pagination;

/// <summary>
/// A JSONPath made only of property names, optionally ending in a wildcard: <c>$[*]</c>, <c>$.data[*]</c>,
/// <c>$.a.b</c>, <c>hasMore</c>. Matches as Newtonsoft.Json's SelectTokens does: a name only inside an object, the
/// wildcard over a list's items or an object's values, a missing name matches nothing.
/// </summary>
internal sealed class PlainPath
{
    private static readonly ConcurrentDictionary<string, PlainPath?> Parsed = new(StringComparer.Ordinal);

    private readonly string[] _names;
    private readonly bool _wildcard;

    private PlainPath(string[] names, bool wildcard)
    {
        _names = names;
        _wildcard = wildcard;
    }

    /// <summary>The plain form of a path, or null when it needs the full JSONPath reader.</summary>
    public static PlainPath? TryParse(string path) => Parsed.GetOrAdd(path, Parse);

    private static PlainPath? Parse(string path)
    {
        var rest = path;
        var wildcard = rest.EndsWith("[*]", StringComparison.Ordinal);
        if (wildcard)
        {
            rest = rest[..^3];
        }
        if (rest.StartsWith('$'))
        {
            rest = rest[1..];
            if (rest.Length > 0 && !rest.StartsWith('.'))
            {
                return null;
            }
            rest = rest.TrimStart('.');
            if (path.StartsWith("$..", StringComparison.Ordinal))
            {
                return null;
            }
        }
        else if (rest.Length == 0 || rest.StartsWith('.'))
        {
            return null;
        }
        var names = rest.Length == 0 ? [] : rest.Split('.');
        return names.All(IsPlainName) ? new PlainPath(names, wildcard) : null;
    }

    private static bool IsPlainName(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    public IReadOnlyList<object?> Select(object? root)
    {
        var current = root;
        foreach (var name in _names)
        {
            if (current is not Dictionary<string, object?> map || !map.TryGetValue(name, out current))
            {
                return [];
            }
        }
        if (!_wildcard)
        {
            return [current];
        }
        return current switch
        {
            List<object?> list => list,
            Dictionary<string, object?> map => map.Values.ToList(),
            _ => [],
        };
    }
}
