using System.Text.RegularExpressions;
using Singer.Sdk;

namespace SingerMap;

/// <summary>
/// A built-in's per-stream settings keyed by stream name or glob (<see cref="NamePattern"/>), as
/// stream maps name streams: an exact name wins over any glob, then the first glob in the config's order.
/// </summary>
internal sealed class StreamPatterns<T>
{
    private readonly Dictionary<string, T> _exact = new(StringComparer.Ordinal);
    private readonly List<(Regex Pattern, T Value)> _globs = [];

    public StreamPatterns(IEnumerable<KeyValuePair<string, T>> entries)
    {
        foreach (var (name, value) in entries)
        {
            if (NamePattern.HasWildcard(name))
            {
                _globs.Add((NamePattern.ToRegex(name), value));
            }
            else
            {
                _exact[name] = value;
            }
        }
    }

    public bool IsEmpty => _exact.Count == 0 && _globs.Count == 0;

    /// <summary>The settings for <paramref name="stream"/>, and whether they were named for it exactly (not by a glob).</summary>
    public (T Value, bool Exact)? Find(string stream)
    {
        if (_exact.TryGetValue(stream, out var exact))
        {
            return (exact, true);
        }
        foreach (var (pattern, value) in _globs)
        {
            if (pattern.IsMatch(stream))
            {
                return (value, false);
            }
        }
        return null;
    }
}
