using Singer.Sdk;

namespace TapRest.Http;

/// <summary>The request-level settings: timeout, retries, the wait header, the User-Agent.</summary>
internal sealed record HttpSettings(TimeSpan Timeout, int MaxRetries, string BackoffHeader, TimeSpan BackoffExtension, string? UserAgent)
{
    public static HttpSettings Read(PluginConfig config)
    {
        var timeout = config.GetLong("request_timeout") ?? RestSettings.DefaultRequestTimeoutSeconds;
        if (timeout < 1)
        {
            throw new ConfigurationException($"config key 'request_timeout' must be at least 1 (seconds), got {timeout}");
        }
        var retries = config.GetInt("max_retries", RestSettings.DefaultMaxRetries);
        if (retries is < 0 or > 100)
        {
            throw new ConfigurationException($"config key 'max_retries' must be between 0 and 100, got {retries}");
        }
        var extension = config.GetLong("backoff_time_extension") ?? 0;
        if (extension < 0)
        {
            throw new ConfigurationException($"config key 'backoff_time_extension' must not be negative, got {extension}");
        }
        return new HttpSettings(
            TimeSpan.FromSeconds(timeout),
            retries,
            config.GetString("backoff_param") is { Length: > 0 } header ? header : "Retry-After",
            TimeSpan.FromSeconds(extension),
            config.GetString("user_agent"));
    }
}
