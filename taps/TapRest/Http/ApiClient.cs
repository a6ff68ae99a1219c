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
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(60);

    private readonly RestClient _client;
    private readonly HttpSettings _settings;
    private readonly IRequestAuth _auth;
    private readonly ResiliencePipeline<RestResponse> _retries;
    private readonly RequestPacer _pacer;

    public ApiClient(HttpSettings settings, IRequestAuth auth)
    {
        _settings = settings;
        _auth = auth;
        _pacer = new RequestPacer(settings.MaxRequestsPerSecond);
        _client = new RestClient(new RestClientOptions { Timeout = settings.Timeout, ThrowOnAnyError = false, UserAgent = settings.UserAgent });
        var builder = new ResiliencePipelineBuilder<RestResponse>();
        if (settings.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<RestResponse>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } response && IsTransient(response)),
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
        var tries = 0;
        var response = await _retries.ExecuteAsync(async token =>
        {
            tries++;
            await _pacer.WaitAsync(token);
            using var timer = Metrics.HttpRequestTimer(url.AbsolutePath);
            timer.Tag("stream", stream);
            var answer = await _client.ExecuteAsync(await BuildAsync(method, url, headers, body, token), token);
            token.ThrowIfCancellationRequested();
            timer.Tag("status_code", ((int)answer.StatusCode).ToString(CultureInfo.InvariantCulture));
            if (!IsSuccess(answer))
            {
                timer.Fail();
            }
            return answer;
        }, cancellationToken);
        if (IsSuccess(response))
        {
            var received = HeadersOf(response);
            return new ApiResponse(response.ResponseUri ?? url, (int)response.StatusCode, received, Utf8Body(response, received));
        }
        var where = $"stream '{stream}': {method} {UrlMasker.Mask(url)}";
        throw new SingerException(IsTransient(response)
            ? $"{where} failed after {tries} {(tries == 1 ? "try" : "tries")}; last: {Describe(response)}"
            : $"{where} failed: {Describe(response)}: {BodyStart(response.Content)}");
    }

    private async Task<RestRequest> BuildAsync(
        string method, Uri url, IReadOnlyDictionary<string, string> headers, Dictionary<string, object?>? body, CancellationToken cancellationToken)
    {
        var request = new RestRequest(url, method == "POST" ? Method.Post : Method.Get);
        if (method == "POST")
        {
            request.AddStringBody(SingerJson.Serialize(body ?? []), ContentType.Json);
        }
        var all = new Dictionary<string, string>(headers, StringComparer.OrdinalIgnoreCase);
        await _auth.ApplyAsync(all, cancellationToken);
        foreach (var (name, value) in all)
        {
            request.AddHeader(name, value);
        }
        return request;
    }

    /// <summary>The body as UTF-8 bytes: the bytes received when they are UTF-8 (no charset, or utf-8), else the text RestSharp decoded.</summary>
    private static byte[] Utf8Body(RestResponse response, Dictionary<string, string> headers)
    {
        var charset = headers.GetValueOrDefault("Content-Type") is { } type && type.Contains("charset=", StringComparison.OrdinalIgnoreCase)
            ? type[(type.IndexOf("charset=", StringComparison.OrdinalIgnoreCase) + 8)..].Split(';')[0].Trim('"', ' ')
            : null;
        return charset is null || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? response.RawBytes ?? []
            : System.Text.Encoding.UTF8.GetBytes(response.Content ?? "");
    }

    private static bool IsSuccess(RestResponse response) => (int)response.StatusCode is >= 200 and < 300;

    /// <summary>Worth another try: no answer at all (timeout, refused, reset), too many requests, or a server error.</summary>
    private static bool IsTransient(RestResponse response) =>
        (int)response.StatusCode is 0 or 429 or >= 500;

    private TimeSpan? WaitAskedFor(RestResponse? response)
    {
        if (response is null || (int)response.StatusCode is not (429 or 503))
        {
            return null;
        }
        var value = HeadersOf(response).GetValueOrDefault(_settings.BackoffHeader);
        return RetryAfter.Parse(value, DateTimeOffset.UtcNow) is { } wait ? wait + _settings.BackoffExtension : null;
    }

    private string Describe(RestResponse response) => (int)response.StatusCode switch
    {
        0 when response.ResponseStatus == ResponseStatus.TimedOut || response.ErrorException is TimeoutException or TaskCanceledException =>
            $"no answer within {_settings.Timeout.TotalSeconds:0.###} s",
        0 => "network error: " + (response.ErrorException?.Message ?? response.ErrorMessage ?? "no response"),
        var status => $"HTTP {status} {ReasonOf(response)}".TrimEnd(),
    };

    private static string ReasonOf(RestResponse response) =>
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
