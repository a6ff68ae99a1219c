using Amazon.Runtime;
using Singer.Sdk;

namespace S3Access;

/// <summary>
/// How long an S3 request may take and how often it is retried (request_timeout, max_retries), and the one line a
/// request that never got an answer ends with. Without a timeout the SDK waits forever on an endpoint that accepts a
/// connection and never answers (a wedged proxy, a firewall that drops replies).
/// </summary>
public static class S3RequestLimits
{
    /// <summary>Per attempt; long enough to send a 5 MiB part over a slow link (about 1 Mbit/s).</summary>
    public const int DefaultRequestTimeoutSeconds = 60;

    /// <summary>Retries after the first attempt (the AWS SDK's standard mode makes 3 attempts in all).</summary>
    public const int DefaultMaxRetries = 2;

    public static IReadOnlyList<SettingDefinition> Settings { get; } =
    [
        new("endpoint_url", "string", "An S3-compatible endpoint (MinIO, s3rver, ...) as an http(s) URL; path-style addressing."),
        new("request_timeout", "integer", "Seconds an S3 request may take before it is given up (per attempt).", Default: DefaultRequestTimeoutSeconds),
        new("max_retries", "integer", "Retries of a failed or timed-out S3 request (0: none).", Default: DefaultMaxRetries),
    ];

    /// <summary>endpoint_url, checked: null when unset; an http(s) URL or a one-line configuration error.</summary>
    public static string? EndpointUrl(PluginConfig config)
    {
        if (config.GetString("endpoint_url")?.Trim() is not { Length: > 0 } value)
        {
            return null;
        }
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0
            ? value
            : throw new ConfigurationException($"config key 'endpoint_url' must be an http:// or https:// URL, not '{value}'");
    }

    public static int RequestTimeoutSeconds(PluginConfig config) => config.GetInt("request_timeout", DefaultRequestTimeoutSeconds) switch
    {
        <= 0 => throw new ConfigurationException("config key 'request_timeout' must be a positive number of seconds"),
        var seconds => seconds,
    };

    public static int MaxRetries(PluginConfig config) => config.GetInt("max_retries", DefaultMaxRetries) switch
    {
        < 0 => throw new ConfigurationException("config key 'max_retries' must not be negative"),
        > 100 => throw new ConfigurationException("config key 'max_retries' must be at most 100"),
        var retries => retries,
    };

    /// <summary>
    /// True for what an S3 call throws when it fails (the service's answer, the client, the network, or the request
    /// timeout, which surfaces as a TimeoutException or a cancellation nobody asked for).
    /// </summary>
    /// <summary>
    /// True for an exception of a request to S3 that failed after the SDK's retries. A connection reset or cut mid-answer
    /// (the server restarting) comes out of the SDK as the HTTP stack's IOException (HttpIOException "The response ended
    /// prematurely"), not wrapped in an Amazon exception.
    /// </summary>
    public static bool IsFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is AmazonServiceException or AmazonClientException or HttpRequestException or TimeoutException or IOException
            or System.Net.Sockets.SocketException
        || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    /// <summary>What went wrong, on one line (the caller names the endpoint): for a timeout, the limits that ran out.</summary>
    public static string Describe(Exception ex, S3Connection connection) =>
        IsTimeout(ex)
            ? $"no answer within {connection.RequestTimeoutSeconds} s (request_timeout) in {connection.MaxRetries + 1} attempt(s)"
            : ex.Message.ReplaceLineEndings(" ").Trim();

    private static bool IsTimeout(Exception ex) => ex is TimeoutException or OperationCanceledException || ex.InnerException is TimeoutException or OperationCanceledException;
}
