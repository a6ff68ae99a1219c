using System.Collections.Concurrent;

namespace TapRest.Pagination;

/// <summary>
/// A JSONPath made only of property names, optionally ending in a wildcard: <c>$[*]</c>, <c>$.data[*]</c>,
/// <c>$.a.b</c>, <c>hasMore</c>. Matches as Newtonsoft.Json's SelectTokens does: a name only inside an object, the
/// wildcard only over a list's items (over an object it matches nothing), a missing name matches nothing.
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
        var rest = path.EndsWith("[*]", StringComparison.Ordinal) ? path[..^3] : path;
        var wildcard = rest.Length < path.Length;
        if (rest == "$")
        {
            return new PlainPath([], wildcard);
        }
        if (rest.StartsWith("$.", StringComparison.Ordinal))
        {
            rest = rest[2..];
        }
        else if (rest.StartsWith('$'))
        {
            return null;
        }
        var names = rest.Split('.');
        return names.All(IsPlainName) ? new PlainPath(names, wildcard) : null;
    }

    private static bool IsPlainName(string name) => name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    /// <summary>Whether a match of this path can lie inside a match of <paramref name="other"/> or contain one: one's names begin the other's.</summary>
    public bool Overlaps(PlainPath other) =>
        _names.Length <= other._names.Length ? _names.AsSpan().SequenceEqual(other._names.AsSpan(0, _names.Length)) : other.Overlaps(this);

    /// <summary>The property names walked from the root, in order.</summary>
    public IReadOnlyList<string> Names => _names;

    public bool EndsInWildcard => _wildcard;

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
        return current as List<object?> ?? [];
    }
}
