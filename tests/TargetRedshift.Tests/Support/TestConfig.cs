using Singer.Sdk;
using SingerNet.Tests;

namespace TargetRedshift.Tests.Support;

/// <summary>Configs for target-redshift pointing at the local s3rver (and, for loads, the local PostgreSQL).</summary>
internal static class TestConfig
{
    /// <summary>S3 settings for <paramref name="bucket"/> on s3rver, plus <paramref name="extra"/> (which wins).</summary>
    public static Dictionary<string, object?> S3(string bucket, Dictionary<string, object?>? extra = null)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["host"] = "redshift.invalid",
            ["user"] = "loader",
            ["dbname"] = "dev",
            ["s3_bucket"] = bucket,
            ["s3_endpoint_url"] = ServiceEnvironment.S3Endpoint,
            ["aws_access_key_id"] = ServiceEnvironment.S3AccessKey,
            ["aws_secret_access_key"] = ServiceEnvironment.S3SecretKey,
        };
        foreach (var (key, value) in extra ?? [])
        {
            values[key] = value;
        }
        return values;
    }

    /// <summary>
    /// A config as the executable would load it. Secrets are registered with the redactor only when
    /// <paramref name="registerSecrets"/> is set: tests of the target's own masking leave them unregistered.
    /// </summary>
    public static PluginConfig Load(Dictionary<string, object?> values, bool registerSecrets = true) =>
        registerSecrets ? ConfigLoader.Validate(values, TargetRedshift.RedshiftSettings.About.Settings) : new PluginConfig(values);

    public static RedshiftOptions Options(Dictionary<string, object?> values) => RedshiftOptions.From(new PluginConfig(values));

    /// <summary>A value no test registers with the redactor, so finding it in a log means the target itself leaked it.</summary>
    public static string UnregisteredSecret(string kind) => $"{kind}-{Guid.NewGuid():N}";
}
