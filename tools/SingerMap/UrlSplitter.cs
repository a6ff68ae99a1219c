namespace SingerMap;

/// <summary>
/// Splits URL text into scheme, host, path and query parameters without normalising anything (no dot-segment removal,
/// no case change), so the parts are what the URL said. Parameters are form-decoded ('+' is a space, %XX escapes as
/// UTF-8); a parameter given twice or more becomes a list, in the URL's order.
/// </summary>
internal static class UrlSplitter
{
    public sealed record Parts(string? Scheme, string? Host, string? Path, IReadOnlyList<KeyValuePair<string, object>> Query);

    /// <summary>The parts of <paramref name="url"/>, or null for text that is neither an absolute URL nor a path starting with '/'.</summary>
    public static Parts? Split(string url)
    {
        var rest = url.AsSpan().Trim();
        var hash = rest.IndexOf('#');
        if (hash >= 0)
        {
            rest = rest[..hash];
        }
        string? scheme = null;
        string? host = null;
        var schemeEnd = rest.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0 && IsScheme(rest[..schemeEnd]))
        {
            scheme = rest[..schemeEnd].ToString().ToLowerInvariant();
            rest = rest[(schemeEnd + 3)..];
            var authorityEnd = rest.IndexOfAny('/', '?');
            var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
            rest = authorityEnd < 0 ? [] : rest[authorityEnd..];
            host = Host(authority);
        }
        else if (!rest.StartsWith("/"))
        {
            return null;
        }
        var queryStart = rest.IndexOf('?');
        var path = queryStart < 0 ? rest : rest[..queryStart];
        var query = queryStart < 0 ? [] : rest[(queryStart + 1)..];
        return new Parts(scheme, host, Uri.UnescapeDataString(path.ToString()), Parameters(query));
    }

    private static bool IsScheme(ReadOnlySpan<char> text)
    {
        if (!char.IsAsciiLetter(text[0]))
        {
            return false;
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('+' or '-' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The host of an authority: without <c>user:password@</c> (never copied out) and without the port.</summary>
    private static string Host(ReadOnlySpan<char> authority)
    {
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            authority = authority[(at + 1)..];
        }
        if (authority.StartsWith("["))
        {
            var close = authority.IndexOf(']');
            return (close < 0 ? authority : authority[..(close + 1)]).ToString().ToLowerInvariant();
        }
        var colon = authority.IndexOf(':');
        return (colon < 0 ? authority : authority[..colon]).ToString().ToLowerInvariant();
    }

    private static List<KeyValuePair<string, object>> Parameters(ReadOnlySpan<char> query)
    {
        var values = new List<KeyValuePair<string, object>>();
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            if (pair.IsEmpty)
            {
                continue;
            }
            var equals = pair.IndexOf('=');
            var name = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            if (name.Length == 0)
            {
                continue;
            }
            if (!positions.TryGetValue(name, out var position))
            {
                positions[name] = values.Count;
                values.Add(KeyValuePair.Create(name, (object)value));
            }
            else if (values[position].Value is List<object?> repeated)
            {
                repeated.Add(value);
            }
            else
            {
                values[position] = KeyValuePair.Create(name, (object)new List<object?> { values[position].Value, value });
            }
        }
        return values;
    }

    private static string Decode(ReadOnlySpan<char> text) => Uri.UnescapeDataString(text.ToString().Replace('+', ' '));
}
