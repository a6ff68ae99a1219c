using System.Globalization;
using Polly;
using Polly.Retry;
using Singer.Sdk;
using TapRest.Auth;

namespace TapRest.Http;

/// <summary>
/// GET and POST requests over one <see cref="HttpTransport"/>: a timeout per request, and through Polly bounded retries on 429, 5xx, timeouts and
/// network errors (exponential backoff with jitter, or the wait a 429/503 asks for in Retry-After). Failures end the
/// run with one line naming the method, the masked URL and the status.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private const int BodyStartLength = 200;
    private const int MostRedirects = 10;
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(60);

    private readonly HttpTransport _transport;
    private readonly HttpSettings _settings;
    private readonly IRequestAuth _auth;
    private readonly ResiliencePipeline<HttpAnswer> _retries;
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
        _transport = new HttpTransport(settings.Timeout, settings.UserAgent);
        var builder = new ResiliencePipelineBuilder<HttpAnswer>();
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpAnswer>
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
        if (response.Status == 401 && _auth.Renew())
        {
            Log.Warning($"{where}: HTTP 401 with the current token; fetching a new one and trying once more");
            (response, var more) = await SendWithRetriesAsync(method, url, headers, body, stream, cancellationToken);
            tries += more;
        }
        if (response.IsSuccess)
        {
            return new ApiResponse(url, response.Status, response.Headers, response.Utf8Body());
        }
        throw new SingerException(IsTransient(response)
            ? $"{where} failed after {tries} {(tries == 1 ? "try" : "tries")}; last: {Describe(response)}"
            : $"{where} failed: {Describe(response)}: {BodyStart(response.Text)}");
    }

    private async Task<(HttpAnswer Response, int Tries)> SendWithRetriesAsync(
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
            timer.Tag("status_code", answer.Status.ToString(CultureInfo.InvariantCulture));
            if (!answer.IsSuccess)
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
    private async Task<HttpAnswer> ExecuteFollowingRedirectsAsync(
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
            var answer = await SendOnceAsync(method, current, headers, body, trusted, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            if (answer.Status is not (301 or 302 or 303 or 307 or 308) || answer.Header("Location") is not { Length: > 0 } location)
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
            if (answer.Status == 303 || (answer.Status is 301 or 302 && method == "POST"))
            {
                method = "GET";
                body = null;
            }
            current = next;
        }
    }

    private async Task<HttpAnswer> SendOnceAsync(
        string method, Uri url, IReadOnlyDictionary<string, string> headers, Dictionary<string, object?>? body, bool trusted, CancellationToken cancellationToken)
    {
        // A GET may carry a body too: theirs sends use_request_body_not_params that way.
        var text = body is null ? null : SingerJson.Serialize(body);
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
        using var content = text is null ? null : new StringContent(text, System.Text.Encoding.UTF8, "application/json");
        return await _transport.SendAsync(method, url, all, content, cancellationToken);
    }

    /// <summary>A configured header another host must not see: the standard credential headers, or one whose value is a secret.</summary>
    private static bool IsCredential(string name, string value) =>
        name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase) || SecretRedactor.Redact(value) != value;

    private static bool SameOrigin(Uri a, Uri b) => a.Scheme == b.Scheme && a.IdnHost == b.IdnHost && a.Port == b.Port;

        /// <summary>A 429/503 asking for a longer wait than tap-rest gives a retry: waiting less would only meet another refusal.</summary>
    private bool AsksTooLong(HttpAnswer response) => AskedWait(response) > RetryAfter.Longest;

    /// <summary>Worth another try: no answer at all (timeout, refused, reset), too many requests, or a server error.</summary>
    private static bool IsTransient(HttpAnswer response) => response.Status is 0 or 429 or >= 500;

    private TimeSpan? WaitAskedFor(HttpAnswer? response) => AskedWait(response) is { } wait ? wait + _settings.BackoffExtension : null;

    /// <summary>The wait a 429/503 asks for in the backoff header, as the API put it (no backoff_time_extension).</summary>
    private TimeSpan? AskedWait(HttpAnswer? response) =>
        response is null || response.Status is not (429 or 503)
            ? null
            : RetryAfter.Parse(response.Header(_settings.BackoffHeader), DateTimeOffset.UtcNow);

    private string Describe(HttpAnswer response) => response.Status switch
    {
        0 when response.TimedOut => $"no answer within {_settings.Timeout.TotalSeconds:0.###} s",
        0 => "network error: " + (response.Error?.Message ?? "no response"),
        var status => $"HTTP {status} {response.ReasonText}".TrimEnd() + (AsksTooLong(response)
            ? $", asking to wait {AskedWait(response)!.Value.TotalSeconds:0} s (tap-rest waits at most {RetryAfter.Longest.TotalSeconds:0} s)"
            : ""),
    };

    internal static string BodyStart(string? body)
    {
        var line = (body ?? "").ReplaceLineEndings(" ").Trim();
        return line.Length == 0 ? "(empty body)" : line.Length <= BodyStartLength ? line : line[..BodyStartLength] + "…";
    }

    public void Dispose() => _transport.Dispose();
}
