using System.Security.Cryptography;
using System.Text;

namespace TapRest.Tests;

/// <summary>
/// An independent, minimal AWS Signature Version 4 computation (the steps of AWS's "Create a signed AWS API request"
/// page), to check the Authorization header tap-rest sends. Checked itself against AWS's published get-vanilla vector.
/// </summary>
public static class SigV4
{
    public static string Authorization(
        string accessKey, string secretKey, string region, string service, string amzDate,
        string method, string path, string rawQuery, IReadOnlyList<(string Name, string Value)> signedHeaders, string payloadHash)
    {
        var headers = signedHeaders.Select(h => (Name: h.Name.ToLowerInvariant(), Value: h.Value.Trim())).OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var names = string.Join(';', headers.Select(h => h.Name));
        var canonical = string.Join('\n',
            method,
            path,
            CanonicalQuery(rawQuery),
            string.Concat(headers.Select(h => h.Name + ":" + h.Value + "\n")),
            names,
            payloadHash);
        var date = amzDate[..8];
        var scope = $"{date}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var key = Encoding.UTF8.GetBytes("AWS4" + secretKey);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(part));
        }
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        return $"AWS4-HMAC-SHA256 Credential={accessKey}/{scope}, SignedHeaders={names}, Signature={signature}";
    }

    public static string PayloadHash(byte[] body) => Hex(SHA256.HashData(body));

    /// <summary>Names and values decoded, then RFC 3986-encoded again and sorted by name, then value.</summary>
    private static string CanonicalQuery(string rawQuery) => string.Join('&', rawQuery.TrimStart('?')
        .Split('&', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('=', 2))
        .Select(p => (Name: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: Uri.EscapeDataString(Uri.UnescapeDataString(p.Length > 1 ? p[1] : ""))))
        .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
        .Select(p => p.Name + "=" + p.Value));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
