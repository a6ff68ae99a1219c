using Singer.Sdk;
using TargetRedshift.Tests.Support;

namespace TargetRedshift.Tests;

/// <summary>The S3 and COPY settings: defaults, normalisation, and one clear line for each mistake.</summary>
public sealed class RedshiftOptionsTests
{
    [Fact]
    public void From_OnlyRequiredKeys_UsesThePipelinewiseDefaults()
    {
        var options = RedshiftOptions.From(new PluginConfig(new() { ["s3_bucket"] = "bucket" }));

        options.Bucket.Should().Be("bucket");
        options.KeyPrefix.Should().BeEmpty();
        options.Slices.Should().Be(1);
        options.Gzip.Should().BeTrue();
        options.CopyOptions.Should().Be("EMPTYASNULL BLANKSASNULL TRIMBLANKS TRUNCATECOLUMNS TIMEFORMAT 'auto' COMPUPDATE OFF STATUPDATE OFF");
        options.CopyRoleArn.Should().BeNull();
        options.AccessKeyId.Should().BeNull();
    }

    [Theory]
    [InlineData("staging", "staging/")]
    [InlineData("staging/", "staging/")]
    [InlineData("/a/b", "a/b/")]
    [InlineData("/", "")]
    [InlineData("", "")]
    public void From_KeyPrefix_IsAFolder(string configured, string expected) =>
        TestConfig.Options(new() { ["s3_bucket"] = "b", ["s3_key_prefix"] = configured }).KeyPrefix.Should().Be(expected);

    [Fact]
    public void From_EmptyCopyOptions_AppendsNothing() =>
        TestConfig.Options(new() { ["s3_bucket"] = "b", ["copy_options"] = "" }).CopyOptions.Should().BeEmpty();

    [Fact]
    public void From_CompressionNoneAndSlicesAsText_AreRead()
    {
        var options = TestConfig.Options(new() { ["s3_bucket"] = "b", ["compression"] = "NONE", ["slices"] = "4" });

        options.Gzip.Should().BeFalse();
        options.Slices.Should().Be(4);
    }

    [Theory]
    [InlineData("compression", "bzip2", "config key 'compression' must be gzip or none, not 'bzip2'")]
    [InlineData("slices", 2000L, "config key 'slices' must be between 1 and 1024, not 2000")]
    [InlineData("aws_redshift_copy_role_arn", "arn:aws:iam::1:role/x' CREDENTIALS '", "config key 'aws_redshift_copy_role_arn' must not contain a quote (') or a backslash (\\)")]
    [InlineData("aws_access_key_id", "AKIA", "config keys 'aws_access_key_id' and 'aws_secret_access_key' go together: set both or neither")]
    [InlineData("s3_bucket", "", "config key 's3_bucket' is required")]
    public void From_BadValue_FailsWithOneLine(string key, object value, string expected)
    {
        var values = new Dictionary<string, object?> { ["s3_bucket"] = "b", [key] = value };

        var act = () => RedshiftOptions.From(new PluginConfig(values));

        act.Should().Throw<ConfigurationException>().WithMessage(expected);
    }
}
