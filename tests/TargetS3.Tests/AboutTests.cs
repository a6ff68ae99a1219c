using Singer.Sdk;
using SingerNet.Tests;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>--about, and runs into a bucket that already holds files.</summary>
public sealed class AboutTests
{
    [Fact]
    public async Task About_Json_DescribesTheSettingsAndMarksSecrets()
    {
        var result = await Executable.RunAsync("target-s3", ["--about", "--format", "json"]);

        result.ExitCode.Should().Be(0, result.Stderr);
        var about = (Dictionary<string, object?>)SingerJson.Parse(result.Stdout)!;
        about["name"].Should().Be("target-s3");
        var settings = (Dictionary<string, object?>)about["settings"]!;
        ((List<object?>)settings["required"]!).Should().Equal("s3_bucket");
        var properties = (Dictionary<string, object?>)settings["properties"]!;
        foreach (var secret in new[] { "aws_secret_access_key", "aws_session_token" })
        {
            ((Dictionary<string, object?>)properties[secret]!)["secret"].Should().Be(true, secret);
        }
        ((Dictionary<string, object?>)properties["naming_convention"]!)["default"].Should().Be("{stream}/{date}/{stream}-{timestamp}-{run_id}-{part}.{ext}");
        ((Dictionary<string, object?>)properties["request_timeout"]!)["default"].Should().Be(60L);
        ((Dictionary<string, object?>)properties["max_retries"]!)["default"].Should().Be(2L);
        properties.Keys.Should().Contain(["s3_key_prefix", "format", "compression", "delimiter", "quotechar", "max_file_rows", "max_file_bytes",
            "manifest", "aws_access_key_id", "aws_profile", "region", "endpoint_url", "encryption", "kms_key_id", "add_metadata_columns",
            "batch_size_rows", "batch_size_bytes", "validate_records"]);
    }

    [Fact]
    public async Task Run_BucketAlreadyHoldsFiles_SecondRunAddsItsOwn()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var config = TestConfig.For(bucket.Name, new() { ["naming_convention"] = "{stream}-{uuid}.{ext}" });
        var input = new SingerStream().Schema("t", """{"id":{"type":"integer"}}""").Record("t", """{"id":1}""").Record("t", """{"id":2}""").ToString();

        var first = await TargetProcess.RunAsync(config, input);
        var second = await TargetProcess.RunAsync(config, input);

        first.ExitCode.Should().Be(0, first.Stderr);
        second.ExitCode.Should().Be(0, second.Stderr);
        var keys = await bucket.KeysAsync();
        keys.Should().HaveCount(2).And.AllSatisfy(k => k.Should().MatchRegex(@"^t-[0-9a-f-]{36}\.jsonl\.gz$"));
        foreach (var key in keys)
        {
            (await bucket.TextAsync(key)).Should().Be("{\"id\":1}\n{\"id\":2}\n");
        }
    }
}
