using Singer.Sdk;

namespace SingerRun.State;

/// <summary>
/// A <c>--state-backend</c> URI taken apart: the user and password of its user-info part (unescaped), and its query
/// settings (<c>?name=value&amp;…</c>). <see cref="Redacted"/> is the only form that may appear in a message.
/// </summary>
internal sealed class BackendUri
{
    private readonly Dictionary<string, string> _query;

    private BackendUri(Uri uri, Dictionary<string, string> query)
    {
        Uri = uri;
        _query = query;
        var info = uri.UserInfo;
        var colon = info.IndexOf(':', StringComparison.Ordinal);
        User = info.Length == 0 ? null : Uri.UnescapeDataString(colon < 0 ? info : info[..colon]);
        Password = colon < 0 ? null : Uri.UnescapeDataString(info[(colon + 1)..]);
    }

    public Uri Uri { get; }

    public string? User { get; }

    public string? Password { get; }

    /// <summary>The path without its leading and trailing '/', unescaped.</summary>
    public string Path => Uri.UnescapeDataString(Uri.AbsolutePath).Trim('/');

    public static BackendUri Parse(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
        {
            throw new ConfigurationException($"state backend '{Redact(text)}' is not a URI with a host (s3://bucket/prefix, postgresql://user@host:port/db)");
        }
        var query = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            query[name] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
        }
        return new BackendUri(uri, query);
    }

    /// <summary>The query setting <paramref name="name"/>, else the environment variable <paramref name="environment"/>, else null.</summary>
    public string? Setting(string name, string? environment = null) =>
        _query.TryGetValue(name, out var value) && value.Length > 0 ? value
        : environment is not null && Environment.GetEnvironmentVariable(environment) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : null;

    public int Seconds(string name, int defaultValue, string? environment = null) => Setting(name, environment) switch
    {
        null => defaultValue,
        var text when int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds > 0 => seconds,
        var text => throw new ConfigurationException($"state backend setting '{name}' must be a positive number of seconds, not '{text}'"),
    };

    public bool Flag(string name, string? environment = null) => Setting(name, environment)?.ToLowerInvariant() switch
    {
        null or "false" or "0" or "no" => false,
        "true" or "1" or "yes" => true,
        var text => throw new ConfigurationException($"state backend setting '{name}' must be true or false, not '{text}'"),
    };

    /// <summary>Settings the backend does not know: a typo must not silently change behaviour.</summary>
    public void CheckSettings(params string[] known)
    {
        foreach (var name in _query.Keys.Where(name => !known.Contains(name)).Order(StringComparer.Ordinal))
        {
            throw new ConfigurationException($"state backend setting '{name}' is unknown (known: {string.Join(", ", known)})");
        }
    }

    /// <summary>The URI without the password of its user-info part, and without secret-looking query values.</summary>
    public static string Redact(string text)
    {
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return text;
        }
        var start = scheme + 3;
        var end = text.IndexOfAny(['/', '?'], start);
        var authority = end < 0 ? text[start..] : text[start..end];
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var info = authority[..at];
            var colon = info.IndexOf(':', StringComparison.Ordinal);
            authority = (colon < 0 ? info : info[..colon] + ":***") + authority[at..];
        }
        var rest = end < 0 ? "" : text[end..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            var pairs = rest[(query + 1)..].Split('&').Select(pair =>
                pair.StartsWith("password=", StringComparison.OrdinalIgnoreCase) || pair.Contains("secret", StringComparison.OrdinalIgnoreCase)
                    ? pair[..(pair.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0 ? eq : pair.Length)] + "=***"
                    : pair);
            rest = rest[..query] + "?" + string.Join('&', pairs);
        }
        return text[..start] + authority + rest;
    }
}
