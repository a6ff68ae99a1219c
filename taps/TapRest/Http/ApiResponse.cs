namespace TapRest.Http;

/// <summary>A successful answer: its URL, status, headers (names case-insensitive) and body text.</summary>
internal sealed record ApiResponse(Uri Url, int StatusCode, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}
