using System.Text;
using System.Text.RegularExpressions;
using Singer.Sdk;

namespace TapRest.Http;

/// <summary>
/// A URL as it may be logged: the values of query parameters whose names look like credentials are masked, so an
/// API key passed as <c>?api_key=…</c> never reaches a log line, whatever the config calls it.
/// </summary>
internal static partial class UrlMasker
{
    [GeneratedRegex("key|token|secret|password|passwd|signature|sig$|auth|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

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
            var name = equals < 0 ? pair : pair[..equals];
            text.Append(first ? "" : "&").Append(equals < 0 || !SecretName().IsMatch(Uri.UnescapeDataString(name)) ? pair : name + "=" + SecretRedactor.Mask);
            first = false;
        }
        return SecretRedactor.Redact(text.ToString());
    }
}
