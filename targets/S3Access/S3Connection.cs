namespace S3Access;

/// <summary>Where and as whom a target reaches S3, and how long it waits: the config keys every S3-writing target shares.</summary>
public sealed record S3Connection(
    string? EndpointUrl,
    string? Region,
    string? AccessKeyId,
    string? SecretAccessKey,
    string? SessionToken,
    string? Profile,
    int RequestTimeoutSeconds = S3RequestLimits.DefaultRequestTimeoutSeconds,
    int MaxRetries = S3RequestLimits.DefaultMaxRetries)
{
    /// <summary>Where requests go, for error lines: the endpoint, else the region.</summary>
    public string Where => EndpointUrl ?? (Region is { } region ? $"S3 in {region}" : "S3");
}
