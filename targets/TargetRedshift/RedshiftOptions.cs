using Singer.Sdk;

namespace TargetRedshift;

/// <summary>
/// The S3 staging and COPY settings, checked once when the target starts. Not a record: its generated
/// ToString would print the secret key and token.
/// </summary>
internal sealed class RedshiftOptions
{
    public const int MaxSlices = 1024;

    public required string Bucket { get; init; }

    /// <summary>Empty, or a folder ending in '/'.</summary>
    public required string KeyPrefix { get; init; }

    public string? Acl { get; init; }

    public string? Region { get; init; }

    public string? EndpointUrl { get; init; }

    /// <summary>The S3 part of these options, for the shared client factory.</summary>
    public S3Access.S3Connection Connection => new(EndpointUrl, Region, AccessKeyId, SecretAccessKey, SessionToken, Profile);

    public string? AccessKeyId { get; init; }

    public string? SecretAccessKey { get; init; }

    public string? SessionToken { get; init; }

    public string? Profile { get; init; }

    public string? CopyRoleArn { get; init; }

    public required string CopyOptions { get; init; }

    public int Slices { get; init; } = 1;

    public bool Gzip { get; init; } = true;

    public static RedshiftOptions From(PluginConfig config)
    {
        var compression = (config.GetString("compression") ?? "gzip").Trim().ToLowerInvariant();
        if (compression is not ("gzip" or "none"))
        {
            throw new ConfigurationException($"config key 'compression' must be gzip or none, not '{compression}'");
        }
        var slices = config.GetLong("slices", 1);
        if (slices is < 1 or > MaxSlices)
        {
            throw new ConfigurationException($"config key 'slices' must be between 1 and {MaxSlices}, not {slices}");
        }
        var accessKey = Optional(config, "aws_access_key_id");
        var secretKey = Optional(config, "aws_secret_access_key");
        if ((accessKey is null) != (secretKey is null))
        {
            throw new ConfigurationException("config keys 'aws_access_key_id' and 'aws_secret_access_key' go together: set both or neither");
        }
        var prefix = Literal(config, "s3_key_prefix") ?? "";
        return new RedshiftOptions
        {
            Bucket = Literal(config, "s3_bucket") ?? throw new ConfigurationException("config key 's3_bucket' is required"),
            KeyPrefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix.TrimStart('/') : prefix.TrimStart('/') + "/",
            Acl = Optional(config, "s3_acl"),
            Region = Literal(config, "s3_region"),
            EndpointUrl = Optional(config, "s3_endpoint_url"),
            AccessKeyId = Literal(config, "aws_access_key_id"),
            SecretAccessKey = Literal(config, "aws_secret_access_key"),
            SessionToken = Literal(config, "aws_session_token"),
            Profile = Optional(config, "aws_profile"),
            CopyRoleArn = Literal(config, "aws_redshift_copy_role_arn"),
            CopyOptions = config.GetString("copy_options") is { } options ? options.Trim() : RedshiftSettings.DefaultCopyOptions,
            Slices = (int)slices,
            Gzip = compression == "gzip",
        };
    }

    private static string? Optional(PluginConfig config, string key) => config.GetString(key) is { Length: > 0 } value ? value.Trim() : null;

    /// <summary>
    /// A value that goes into a quoted literal of the COPY statement. Quotes and backslashes are refused rather
    /// than escaped: no bucket, key prefix, role ARN or AWS key contains them, so one is a mistake in the config.
    /// </summary>
    private static string? Literal(PluginConfig config, string key)
    {
        var value = Optional(config, key);
        if (value is not null && value.AsSpan().IndexOfAny('\'', '\\') >= 0)
        {
            throw new ConfigurationException($"config key '{key}' must not contain a quote (') or a backslash (\\)");
        }
        return value;
    }
}
