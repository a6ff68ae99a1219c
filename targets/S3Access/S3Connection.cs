namespace S3Access;

/// <summary>Where and as whom a target reaches S3: the config keys every S3-writing target shares.</summary>
public sealed record S3Connection(
    string? EndpointUrl,
    string? Region,
    string? AccessKeyId,
    string? SecretAccessKey,
    string? SessionToken,
    string? Profile);
