using SingerNet.Tests;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>Every S3 request is bounded: an endpoint that accepts and never answers ends the run with one line, not a hang.</summary>
public sealed class TimeoutTests
{
    /// <summary>Far above what the limits below allow (2 attempts of 1 s plus back-off): only a hang reaches it.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private static readonly string Input = new SingerStream()
        .Schema("t", """{"id":{"type":"integer"}}""")
        .Record("t", """{"id":1}""")
        .State("""{"last":1}""")
        .ToString();

    [Fact]
    public async Task Run_EndpointNeverAnswersTheBucketCheck_ExitsTwoNamingTheEndpointAndTimeout()
    {
        await using var endpoint = SilentEndpoint.Start();

        var result = await RunAsync(new() { ["s3_bucket"] = "quiet-bucket", ["endpoint_url"] = endpoint.Url, ["request_timeout"] = 1L, ["max_retries"] = 1L });

        result.ExitCode.Should().Be(2, result.Stderr);
        TargetProcess.CriticalLines(result).Should().Equal(
            $"CRITICAL cannot access S3 bucket 'quiet-bucket' at {endpoint.Url}: no answer within 1 s (request_timeout) in 2 attempt(s)");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Run_EndpointNeverAnswersAnUpload_ExitsOneNamingTheEndpointAndTimeoutWithoutState()
    {
        await using var endpoint = SilentEndpoint.Start(answerListing: true);

        var result = await RunAsync(new()
        {
            ["s3_bucket"] = "quiet-bucket",
            ["endpoint_url"] = endpoint.Url,
            ["request_timeout"] = 1L,
            ["max_retries"] = 0L,
            ["naming_convention"] = "{stream}-{part}.{ext}",
        });

        result.ExitCode.Should().Be(1, result.Stderr);
        TargetProcess.CriticalLines(result).Should().Equal(
            $"CRITICAL cannot write s3://quiet-bucket/t-1.jsonl.gz at {endpoint.Url}: no answer within 1 s (request_timeout) in 1 attempt(s)");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Run_EndpointCutsItsAnswers_ExitsOneNamingTheObjectAndEndpointWithoutState()
    {
        await using var endpoint = SilentEndpoint.Start(cutAnswers: true);

        var result = await RunAsync(new()
        {
            ["s3_bucket"] = "cut-bucket",
            ["endpoint_url"] = endpoint.Url,
            ["max_retries"] = 1L,
            ["naming_convention"] = "{stream}-{part}.{ext}",
        });

        result.ExitCode.Should().Be(1, result.Stderr);
        TargetProcess.CriticalLines(result).Should().ContainSingle().Which.Should().StartWith(
            $"CRITICAL cannot write s3://cut-bucket/t-1.jsonl.gz at {endpoint.Url}: ");
        result.Stdout.Should().BeEmpty();
    }

    [Theory]
    [InlineData("request_timeout", 0L, "CRITICAL config key 'request_timeout' must be a positive number of seconds")]
    [InlineData("request_timeout", -5L, "CRITICAL config key 'request_timeout' must be a positive number of seconds")]
    [InlineData("max_retries", -1L, "CRITICAL config key 'max_retries' must not be negative")]
    [InlineData("endpoint_url", "not a url", "CRITICAL config key 'endpoint_url' must be an http:// or https:// URL, not 'not a url'")]
    [InlineData("endpoint_url", "127.0.0.1:4569", "CRITICAL config key 'endpoint_url' must be an http:// or https:// URL, not '127.0.0.1:4569'")]
    [InlineData("endpoint_url", "ftp://host/", "CRITICAL config key 'endpoint_url' must be an http:// or https:// URL, not 'ftp://host/'")]
    public async Task Run_BadLimitOrEndpoint_ExitsTwoWithOneLine(string key, object value, string expected)
    {
        var result = await RunAsync(TestConfig.For("any-bucket", new() { [key] = value }));

        result.ExitCode.Should().Be(2, result.Stderr);
        TargetProcess.CriticalLines(result).Should().Equal(expected);
    }

    private static async Task<ProcessResult> RunAsync(Dictionary<string, object?> config)
    {
        config.TryAdd("aws_access_key_id", "KEY");
        config.TryAdd("aws_secret_access_key", "SECRET");
        var path = await TargetProcess.WriteConfigAsync(config);
        try
        {
            return await Executable.RunAsync("target-s3", ["--config", path], Input, HangGuard);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
