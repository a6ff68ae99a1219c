using System.Net;

namespace TapRest.Http;

/// <summary>
/// One request, one answer, over a single HttpClient and its keep-alive connection pool. The whole exchange (connect,
/// headers, body) has the timeout; no answer is an <see cref="HttpAnswer"/> with status 0, never an exception, so the
/// retry policy sees every outcome the same way. Redirects are not followed here (the caller decides where credentials
/// may go) and no cookies are kept.
/// </summary>
internal sealed class HttpTransport : IDisposable
{
    /// <summary>A larger stated body length is not trusted with an array of its size before its bytes come.</summary>
    private const long MaxStatedLength = 64 << 20;

    private readonly HttpClient _client;
    private readonly TimeSpan _timeout;
    private readonly string _userAgent;

    public HttpTransport(TimeSpan timeout, string? userAgent)
    {
        _timeout = timeout;
#pragma warning disable CA2000 // the client owns the handler and disposes it with itself (disposeHandler: true)
        _client = new HttpClient(
            new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                AutomaticDecompression = DecompressionMethods.All,
                ConnectTimeout = timeout,
                // A long run outlives DNS changes: connections are renewed now and then.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            },
            disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
#pragma warning restore CA2000
        _userAgent = userAgent is { Length: > 0 } ? userAgent : "tap-rest/" + (typeof(HttpTransport).Assembly.GetName().Version?.ToString(3) ?? "0");
    }

    /// <summary>Sends <paramref name="method"/> to <paramref name="url"/> with the headers and, when given, a body of the given media type.</summary>
    public async Task<HttpAnswer> SendAsync(
        string method, Uri url, IEnumerable<KeyValuePair<string, string>> headers, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = content };
        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                // Content-Type and the like belong to the body; without a body there is nothing for them to describe.
                content?.Headers.Remove(name);
                content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (!request.Headers.Contains("User-Agent"))
        {
            // A User-Agent among the configured headers wins over user_agent.
            request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
        }
        if (!request.Headers.Contains("Accept"))
        {
            request.Headers.TryAddWithoutValidation("Accept", "application/json");
        }
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_timeout);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var body = await ReadBodyAsync(response.Content, deadline.Token);
            return new HttpAnswer((int)response.StatusCode, response.ReasonPhrase, HeadersOf(response), body);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return HttpAnswer.Failed(ex, timedOut: true);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return HttpAnswer.Failed(ex, timedOut: false);
        }
    }

    /// <summary>
    /// The body's bytes. One of a stated length (and not compressed) is read straight into an array of that length:
    /// large reads from the socket, no second copy. A body cut short fails as <c>ReadAsByteArrayAsync</c> fails.
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength is not { } length || length > MaxStatedLength || content.Headers.ContentEncoding.Count > 0)
        {
            return await content.ReadAsByteArrayAsync(cancellationToken);
        }
        // Not zeroed first: every byte is read into it, and a body cut short fails below.
        var body = GC.AllocateUninitializedArray<byte>((int)length);
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var read = await stream.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, cancellationToken);
        return read == body.Length ? body : throw new IOException($"the response ended after {read} of its {length} bytes");
    }

    private static Dictionary<string, string> HeadersOf(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated))
        {
            var value = string.Join(", ", values);
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }
        return headers;
    }

    public void Dispose() => _client.Dispose();
}
