using System.Globalization;
using Polly;
using Polly.Retry;
using RestSharp;
using Singer.Sdk;
using TapRest.Auth;

namespace TapRest.Http;

/// <summary>
/// GET and POST requests with RestSharp: a timeout per request, and through Polly bounded retries on 429, 5xx, timeouts and
/// network errors (exponential backoff with jitter, or the wait a 429/503 asks for in Retry-After). Failures end the
/// run with one line naming the method, the masked URL and the status.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private const int BodyStartLength = 200;
    private const int MostRedirects = 10;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(60);

    private readonly RestClient _client;
    private readonly HttpSettings _settings;
    private readonly IRequestAuth _auth;
    private readonly ResiliencePipeline<RestResponse> _retries;
    private readonly RequestPacer _pacer;
    private readonly Uri? _home;
    private readonly HashSet<string> _warnedOrigins = new(StringComparer.Ordinal);

    /// <param name="apiUrl">api_url: credentials go only to its origin (scheme, host, port). A next-page link or HATEOAS URL
    /// the API gives for another origin is requested without them, as a redirect there is.</param>
    public ApiClient(HttpSettings settings, IRequestAuth auth, string apiUrl)
    {
        _settings = settings;
        _auth = auth;
        _home = Uri.TryCreate(apiUrl, UriKind.Absolute, out var home) ? home : null;
        _pacer = new RequestPacer(settings.MaxRequestsPerSecond);
        // Redirects are followed here, not by HttpClient, which would carry api_keys headers to any host a server names.
        _client = new RestClient(new RestClientOptions { Timeout = settings.Timeout, ThrowOnAnyError = false, UserAgent = settings.UserAgent, FollowRedirects = false });
        var builder = new ResiliencePipelineBuilder<RestResponse>();
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<RestResponse>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } response && IsTransient(response) && !AsksTooLong(response)),
                MaxRetryAttempts = settings.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = FirstBackoff,
                MaxDelay = LongestBackoff,
                DelayGenerator = args => ValueTask.FromResult(WaitAskedFor(args.Outcome.Result)),
                OnRetry = args =>
                {
                    Log.Warning($"{Describe(args.Outcome.Result!)}; retry {args.AttemptNumber + 1} of {settings.MaxRetries} in {args.RetryDelay.TotalSeconds:F1} s");
                    return default;
                },
            });
        }
        _retries = builder.Build();
    }

    public async Task<ApiResponse> SendAsync(
        string method, Uri url, IReadOnlyDictionary<string, string> headers, Dictionary<string, object?>? body, string stream, CancellationToken cancellationToken)
    {
        var where = $"stream '{stream}': {method} {UrlMasker.Mask(url)}";
        var (response, tries) = await SendWithRetriesAsync(method, url, headers, body, stream, cancellationToken);
        // A fetched token can be revoked before its time: one fresh token and one more try, then the 401 stands.
        if ((int)response.StatusCode == 401 && _auth.Renew())
        {
            Log.Warning($"{where}: HTTP 401 with the current token; fetching a new one and trying once more");
            (response, var more) = await SendWithRetriesAsync(method, url, headers, body, stream, cancellationToken);
            tries += more;
        }
        if (IsSuccess(response))
        {
            var received = HeadersOf(response);
            return new ApiResponse(response.ResponseUri ?? url, (int)response.StatusCode, received, Utf8Body(response, received));
        }
        throw new SingerException(IsTransient(response)
            ? $"{where} failed after {tries} {(tries == 1 ? "try" : "tries")}; last: {Describe(response)}"
            : $"{where} failed: {Describe(response)}: {BodyStart(response.Content)}");
    }

    private async Task<(RestResponse Response, int Tries)> SendWithRetriesAsync(
        string method, Uri url, IReadOnlyDictionary<string, string> headers, Dictionary<string, object?>? body, string stream, CancellationToken cancellationToken)
    {
        var tries = 0;
        var response = await _retries.ExecuteAsync(async token =>
        {
            tries++;
            await _pacer.WaitAsync(token);
            using var timer = Metrics.HttpRequestTimer(url.AbsolutePath);
            timer.Tag("stream", stream);
            var answer = await ExecuteFollowingRedirectsAsync(method, url, headers, body, stream, token);
            timer.Tag("status_code", ((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture));
            if (!IsSuccess(answer))
            {
                timer.Fail();
            }
            return answer;
        }, cancellationToken);
        return (response, tries);
    }

    /// <summary>
    /// One try, following up to <see cref="MostRedirects"/> redirects. Credentials go only to the origin (scheme, host,
    /// port) the request was made for: once a redirect leaves it, no auth and no header holding a secret is sent on.
    /// A 303, or a 301/302 after a POST, continues as a GET without a body, as browsers and HttpClient do.
    /// </summary>
    private async Task<RestResponse> ExecuteFollowingRedirectsAsync(
        string method, Uri url, IReadOnlyDictionary<string, string> headers, Dictionary<string, object?>? body, string stream, CancellationToken cancellationToken)
    {
        var current = url;
        var trusted = _home is null || SameOrigin(url, _home);
        if (!trusted && _warnedOrigins.Add(url.GetLeftPart(UriPartial.Authority)))
        {
            Log.Warning($"stream '{stream}': the API sent a page URL on another host ({url.GetLeftPart(UriPartial.Authority)}) than api_url; it is requested without the configured credentials");
        }
        for (var hops = 0; ; hops++)
        {
            var answer = await _client.ExecuteAsync(await BuildAsync(method, current, headers, body, trusted, cancellationToken), cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if ((int)answer.StatusCode is not (301 or 302 or 303 or 307 or 308) || HeadersOf(answer).GetValueOrDefault("Location") is not { Length: > 0 } location)
            {
                return answer;
            }
            var next = Uri.TryCreate(current, location, out var resolved) && resolved.Scheme is "http" or "https"
                ? resolved
                : throw new SingerException($"stream '{stream}': {method} {UrlMasker.Mask(current)} redirected to '{SecretRedactor.Redact(location)}', which is not an http(s) URL");
            if (hops == MostRedirects)
            {
                throw new SingerException($"stream '{stream}': {method} {UrlMasker.Mask(url)} was redirected more than {MostRedirects} times (last to {UrlMasker.Mask(next)})");
            }
            trusted = trusted && SameOrigin(next, url);
            if ((int)answer.StatusCode == 303 || ((int)answer.StatusCode is 301 or 302 && method == "POST"))
            {
                method = "GET";
                body = null;
            }
            current = next;
        }
    }

    private async Task<RestRequest> BuildAsync(
        string method, Uri url, IReadOnlyDictionary<string, string> headers, Dictionary<string, object?>? body, bool trusted, CancellationToken cancellationToken)
    {
        var request = new RestRequest(url, method == "POST" ? Method.Post : Method.Get);
        // A GET may carry a body too: theirs sends use_request_body_not_params that way.
        var text = body is null ? null : SingerJson.Serialize(body);
        if (text is not null)
        {
            request.AddStringBody(text, ContentType.Json);
        }
        var all = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        if (trusted)
        {
            await _auth.ApplyAsync(new OutgoingRequest(method, url, text, all), cancellationToken);
        }
        else
        {
            foreach (var name in all.Where(h => IsCredential(h.Key, h.Value)).Select(h => h.Key).ToList())
            {
                all.Remove(name);
            }
        }
        foreach (var (name, value) in all)
        {
            request.AddHeader(name, value);
        }
        return request;
    }

    /// <summary>A configured header another host must not see: the standard credential headers, or one whose value is a secret.</summary>
    private static bool IsCredential(string name, string value) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) || SecretRedactor.Redact(value) != value;

    /// <summary>The body as UTF-8 bytes: the bytes received when they are UTF-8 (no charset, or utf-8), else the text RestSharp decoded.</summary>
    private static byte[] Utf8Body(RestResponse response, Dictionary<string, string> headers)
    {
        var charset = headers.GetValueOrDefault("Content-Type") is { } type && type.Contains("charset=", StringComparison.OrdinalIgnoreCase)
            ? type[(type.IndexOf("charset=", StringComparison.OrdinalIgnoreCase) + 8)..].Split(';')[0].Trim('"', ' ')
            : null;
        var raw = response.RawBytes ?? [];
        // A UTF-16 byte-order mark says the body is not UTF-8 whatever the header: RestSharp's text decoded it by the mark.
        var utf16 = raw.Length >= 2 && ((raw[0] == 0xFF && raw[1] == 0xFE) || (raw[0] == 0xFE && raw[1] == 0xFF));
        return !utf16 && (charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            ? raw
            : System.Text.Encoding.UTF8.GetBytes(response.Content ?? "");
    }

    private static bool SameOrigin(Uri a, Uri b) => a.Scheme == b.Scheme && a.IdnHost == b.IdnHost && a.Port == b.Port;

    private static bool IsSuccess(RestResponse response) => (int)response.StatusCode is >= 200 and < 300;

    /// <summary>A 429/503 asking for a longer wait than tap-rest gives a retry: waiting less would only meet another refusal.</summary>
    private bool AsksTooLong(RestResponse response) => AskedWait(response) > RetryAfter.Longest;

    /// <summary>Worth another try: no answer at all (timeout, refused, reset), too many requests, or a server error.</summary>
    private static bool IsTransient(RestResponse response) =>
        (int)response.StatusCode is 0 or 429 or >= 500;

    private TimeSpan? WaitAskedFor(RestResponse? response) => AskedWait(response) is { } wait ? wait + _settings.BackoffExtension : null;

    /// <summary>The wait a 429/503 asks for in the backoff header, as the API put it (no backoff_time_extension).</summary>
    private TimeSpan? AskedWait(RestResponse? response) =>
        response is null || (int)response.StatusCode is not (429 or 503)
            ? null
            : RetryAfter.Parse(HeadersOf(response).GetValueOrDefault(_settings.BackoffHeader), DateTimeOffset.UtcNow);

    private string Describe(RestResponse response) => (int)response.StatusCode switch
    {
        0 when response.ResponseStatus == ResponseStatus.TimedOut || response.ErrorException is TimeoutException or TaskCanceledException =>
            $"no answer within {_settings.Timeout.TotalSeconds:0.###} s",
        0 => "network error: " + (response.ErrorException?.Message ?? response.ErrorMessage ?? "no response"),
        var status => $"HTTP {status} {ReasonOf(response)}".TrimEnd() + (AsksTooLong(response)
            ? $", asking to wait {AskedWait(response)!.Value.TotalSeconds:0} s (tap-rest waits at most {RetryAfter.Longest.TotalSeconds:0} s)"
            : ""),
    };

    internal static string ReasonOf(RestResponse response) =>
        response.StatusDescription is { Length: > 0 } reason && reason != ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)
            ? reason
            : Enum.IsDefined(response.StatusCode) ? response.StatusCode.ToString() : "";

    internal static string BodyStart(string? body)
    {
        var line = (body ?? "").ReplaceLineEndings(" ").Trim();
        return line.Length == 0 ? "(empty body)" : line.Length <= BodyStartLength ? line : line[..BodyStartLength] + "…";
    }

    private static Dictionary<string, string> HeadersOf(RestResponse response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in (response.Headers ?? []).Concat(response.ContentHeaders ?? []))
        {
            if (header.Name is { } name && header.Value?.ToString() is { } value)
            {
                headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
            }
        }
        return headers;
    }

    public void Dispose() => _client.Dispose();
}
