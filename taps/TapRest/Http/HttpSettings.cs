using Singer.Sdk;

namespace TapRest.Http;

/// <summary>The request-level settings: timeout, retries, the wait header, the User-Agent.</summary>
internal sealed record HttpSettings(TimeSpan Timeout, int MaxRetries, string BackoffHeader, TimeSpan BackoffExtension, string? UserAgent, decimal? MaxRequestsPerSecond)
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
            config.GetString("user_agent"),
            RequestRate(config));
    }

    private static decimal? RequestRate(PluginConfig config)
    {
        var value = config.Values.GetValueOrDefault("max_requests_per_second");
        if (value is null)
        {
            return null;
        }
        var text = value as string;
        var ok = text is null
            ? ExactNumber.TryToDecimal(value, out var rate)
            : decimal.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out rate);
        return ok && rate > 0 && rate <= 1_000_000
            ? rate
            : throw new ConfigurationException($"config key 'max_requests_per_second' must be a number above 0, got {SingerJson.Serialize(value)}");
    }
}
