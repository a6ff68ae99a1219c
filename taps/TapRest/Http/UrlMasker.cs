using System.Text;
using System.Text.RegularExpressions;
using Singer.Sdk;

namespace TapRest.Http;

/// <summary>
/// A URL as it may be logged: the values of query parameters that carry a credential are masked, so an API key passed
/// as <c>?api_key=…</c> never reaches a log line, whatever the config calls it, while page, limit, offset, since and
/// the like stay readable. A value is masked when its parameter's name has a credential word in it (key, token,
/// secret, password, signature, auth, credential, session … as a word: <c>api_key</c>, <c>apiKey</c>,
/// <c>X-Amz-Signature</c>, not <c>keyword</c> or <c>author</c>), or when the value (decoded) is a configured secret.
/// A page or cursor token (<c>page_token</c>, <c>nextToken</c>) is a position, not a credential, and stays visible.
/// </summary>
internal static partial class UrlMasker
{
    private static readonly HashSet<string> SecretWords = new(StringComparer.Ordinal)
    {
        "key", "apikey", "token", "secret", "password", "passwd", "pwd", "passphrase", "signature", "sig", "auth",
        "authorization", "credential", "credentials", "session", "sessionid", "jwt", "bearer",
    };

    /// <summary>Names written as one word: credential words glued to another (<c>accesstoken</c>, <c>xapikey</c>).</summary>
    private static readonly string[] SecretEndings =
        ["apikey", "accesstoken", "authtoken", "refreshtoken", "idtoken", "sessiontoken", "clientsecret", "secretkey", "privatekey", "sessionid"];

    /// <summary>Words that make a token a position in a listing rather than a credential.</summary>
    private static readonly HashSet<string> PositionWords = new(StringComparer.Ordinal) { "page", "next", "cursor", "continuation", "sync", "pagination" };

    [GeneratedRegex("[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])")]
    private static partial Regex Word();

    public static string Mask(Uri url)
    {
        if (string.IsNullOrEmpty(url.Query))
        {
            return SecretRedactor.Redact(url.ToString());
        }
        var text = new StringBuilder(url.GetLeftPart(UriPartial.Path)).Append('?');
        var first = true;
        foreach (var pair in url.Query.TrimStart('?').Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var hide = equals >= 0 && (IsSecretName(Decode(pair[..equals])) || IsSecretValue(Decode(pair[(equals + 1)..])));
            text.Append(first ? "" : "&").Append(hide ? pair[..equals] + "=" + SecretRedactor.Mask : pair);
            first = false;
        }
        return SecretRedactor.Redact(text.ToString());
    }

    internal static bool IsSecretName(string name)
    {
        var words = Word().Matches(name).Select(m => m.Value.ToLowerInvariant()).ToList();
        if (words.Any(PositionWords.Contains))
        {
            return false;
        }
        var compact = string.Concat(words);
        return words.Any(SecretWords.Contains) || SecretEndings.Any(ending => compact.EndsWith(ending, StringComparison.Ordinal));
    }

    /// <summary>A value that is (or holds, as a separate word) a secret from the config or a fetched token.</summary>
    private static bool IsSecretValue(string value) => value.Length > 0 && SecretRedactor.Redact(value) != value;

    private static string Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return text;
        }
    }
}
