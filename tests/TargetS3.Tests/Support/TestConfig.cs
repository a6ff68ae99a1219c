using Singer.Sdk;
using SingerNet.Tests;

namespace TargetS3.Tests.Support;

/// <summary>Configs for target-s3 pointing at the local s3rver.</summary>
internal static class TestConfig
{
    /// <summary>Settings for <paramref name="bucket"/> on s3rver, plus <paramref name="extra"/> (which wins).</summary>
    public static Dictionary<string, object?> For(string bucket, Dictionary<string, object?>? extra = null)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["s3_bucket"] = bucket,
            ["endpoint_url"] = ServiceEnvironment.S3Endpoint,
            ["aws_access_key_id"] = ServiceEnvironment.S3AccessKey,
            ["aws_secret_access_key"] = ServiceEnvironment.S3SecretKey,
        };
        foreach (var (key, value) in extra ?? [])
        {
            values[key] = value;
        }
        return values;
    }

    public static S3Options Options(Dictionary<string, object?> values) => S3Options.From(new PluginConfig(values));
}
