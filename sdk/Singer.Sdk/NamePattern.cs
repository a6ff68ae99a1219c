using System.Text;
using System.Text.RegularExpressions;

namespace Singer.Sdk;

/// <summary>
/// Python's <c>fnmatch</c> over a whole name, as Meltano matches stream names in stream maps and state ids in
/// <c>meltano state list</c>: <c>*</c> any run of characters, <c>?</c> one, <c>[seq]</c> / <c>[!seq]</c> one of (or
/// none of) a set. Every other character, a lone <c>[</c> included, stands for itself. One implementation, so a glob
/// selects the same streams in a tap's maps, in singer-map and in singer-run.
/// </summary>
public static class NamePattern
{
    /// <summary>True when <paramref name="pattern"/> has a wildcard, false when it names one thing exactly.</summary>
    public static bool HasWildcard(string pattern) => pattern.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>A regex matching the whole of a name that <paramref name="pattern"/> matches (a newline included).</summary>
    public static Regex ToRegex(string pattern)
    {
        var text = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            var close = c == '[' ? pattern.IndexOf(']', Math.Min(i + 2, pattern.Length)) : -1;
            if (c == '*')
            {
                text.Append(".*");
            }
            else if (c == '?')
            {
                text.Append('.');
            }
            else if (close > 0)
            {
                var set = pattern[(i + 1)..close];
                text.Append('[').Append(set.StartsWith('!') ? "^" + Regex.Escape(set[1..]) : Regex.Escape(set)).Append(']');
                i = close;
            }
            else
            {
                text.Append(Regex.Escape(c.ToString()));
            }
        }
        return new Regex(text.Append("\\z").ToString(), RegexOptions.Singleline | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
