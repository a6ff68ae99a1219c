namespace TapRest.Http;

/// <summary>A successful answer: its URL, status, headers (names case-insensitive) and body bytes (UTF-8).</summary>
internal sealed record ApiResponse(Uri Url, int StatusCode, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
