using System.Text.RegularExpressions;
using Singer.Sdk;
using SingerNet.Tests;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>Object keys, rolling to the next part file, and the manifest.</summary>
public sealed class FileLayoutTests
{
    [Fact]
    public void Key_EveryToken_IsReplaced()
    {
        var options = TestConfig.Options(TestConfig.For("b", new()
        {
            ["s3_key_prefix"] = "/exports",
            ["naming_convention"] = "{stream}/{date}/{timestamp}/{run_id}/{part}-{uuid}.{ext}",
            ["format"] = "csv",
        }));
        var runStart = new DateTimeOffset(2024, 2, 29, 23, 59, 58, TimeSpan.FromHours(-2));

        var key = ObjectNaming.Key(options, "orders", runStart, "0123456789ab", 7);

        key.Should().MatchRegex(@"^exports/orders/2024-03-01/20240301T015958/0123456789ab/7-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.csv\.gz$");
    }

    [Theory]
    [InlineData("{stream}/{bogus}-{part}.{ext}", "CRITICAL config key 'naming_convention': unknown token {bogus}; known: {stream}, {date}, {timestamp}, {run_id}, {part}, {uuid}, {ext}")]
    [InlineData("{stream}/../{part}.{ext}", "CRITICAL config key 'naming_convention' must not have a '.' or '..' folder")]
    [InlineData("{stream}/{date}.{ext}", "CRITICAL config key 'naming_convention' must contain {part} or {uuid}, so that each file gets its own key")]
    public async Task Run_BadNamingConvention_ExitsTwoWithOneLine(string convention, string expected)
    {
        var result = await TargetProcess.RunAsync(TestConfig.For("any-bucket", new() { ["naming_convention"] = convention }), "");

        result.ExitCode.Should().Be(2, result.Stderr);
        TargetProcess.CriticalLines(result).Should().Equal(expected);
    }

    [Fact]
    public async Task Run_MaxFileRows_RollsToNumberedPartsWithEveryRecordOnce()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream().Schema("t", """{"id":{"type":"integer"}}""");
        for (var i = 1; i <= 5; i++)
        {
            stream.Record("t", $$"""{"id":{{i}}}""");
        }

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["max_file_rows"] = 2L, ["compression"] = "none", ["s3_key_prefix"] = "out", ["naming_convention"] = "{stream}-{part}.{ext}" }),
            stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        (await bucket.KeysAsync()).Should().Equal("out/t-1.jsonl", "out/t-2.jsonl", "out/t-3.jsonl");
        (await bucket.TextAsync("out/t-1.jsonl")).Should().Be("{\"id\":1}\n{\"id\":2}\n");
        (await bucket.TextAsync("out/t-2.jsonl")).Should().Be("{\"id\":3}\n{\"id\":4}\n");
        (await bucket.TextAsync("out/t-3.jsonl")).Should().Be("{\"id\":5}\n");
    }

    [Fact]
    public async Task Run_MaxFileBytes_RollsOnceAFileHoldsThatManyBytes()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream().Schema("t", """{"id":{"type":"integer"}}""");
        for (var i = 1; i <= 4; i++)
        {
            stream.Record("t", $$"""{"id":{{i}}}""");
        }

        // Each line is 9 bytes: a file takes records until it holds at least 18, then the next one starts.
        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["max_file_bytes"] = 18L, ["naming_convention"] = "{stream}-{part}.{ext}" }), stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        (await bucket.KeysAsync()).Should().Equal("t-1.jsonl.gz", "t-2.jsonl.gz");
        (await bucket.TextAsync("t-1.jsonl.gz")).Should().Be("{\"id\":1}\n{\"id\":2}\n");
        (await bucket.TextAsync("t-2.jsonl.gz")).Should().Be("{\"id\":3}\n{\"id\":4}\n");
    }

    [Theory]
    [InlineData("SSE-S3", null)]
    [InlineData("SSE-KMS", "alias/exports")]
    public async Task Run_Encryption_WritesTheFiles(string encryption, string? kmsKey)
    {
        // s3rver accepts and ignores the encryption headers: this checks the requests carrying them succeed, not the encryption.
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream().Schema("t", """{"id":{"type":"integer"}}""").Record("t", """{"id":1}""");

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["encryption"] = encryption, ["kms_key_id"] = kmsKey, ["manifest"] = true }), stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var keys = await bucket.KeysAsync();
        keys.Should().HaveCount(2);
        (await bucket.TextAsync(keys.Single(k => k.EndsWith(".gz", StringComparison.Ordinal)))).Should().Be("{\"id\":1}\n");
    }

    [Fact]
    public async Task Run_EachBatch_StartsTheNextPartAndCsvRepeatsTheHeader()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream().Schema("t", """{"id":{"type":"integer"}}""");
        for (var i = 1; i <= 3; i++)
        {
            stream.Record("t", $$"""{"id":{{i}}}""");
        }

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["batch_size_rows"] = 2L, ["format"] = "csv", ["naming_convention"] = "{stream}-{part}.{ext}" }),
            stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        (await bucket.KeysAsync()).Should().Equal("t-1.csv.gz", "t-2.csv.gz");
        (await bucket.TextAsync("t-1.csv.gz")).Should().Be("id\n1\n2\n");
        (await bucket.TextAsync("t-2.csv.gz")).Should().Be("id\n3\n");
    }

    [Fact]
    public async Task Run_Manifest_ListsEveryFileInRedshiftCopyFormat()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream()
            .Schema("a", """{"id":{"type":"integer"}}""")
            .Schema("b", """{"id":{"type":"integer"}}""")
            .Record("a", """{"id":1}""")
            .Record("b", """{"id":2}""")
            .Record("a", """{"id":3}""");

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["manifest"] = true, ["max_file_rows"] = 1L, ["s3_key_prefix"] = "p/", ["naming_convention"] = "{stream}-{part}.{ext}" }),
            stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var keys = await bucket.KeysAsync();
        var manifestKey = keys.Should().ContainSingle(k => k.StartsWith("p/manifest-", StringComparison.Ordinal)).Subject;
        manifestKey.Should().MatchRegex(@"^p/manifest-\d{8}T\d{6}-[0-9a-f]{12}\.json$");
        keys.Except([manifestKey]).Should().Equal("p/a-1.jsonl.gz", "p/a-2.jsonl.gz", "p/b-1.jsonl.gz");
        var manifest = await bucket.TextAsync(manifestKey);
        var urls = ((List<object?>)((Dictionary<string, object?>)SingerJson.Parse(manifest)!)["entries"]!)
            .Cast<Dictionary<string, object?>>()
            .Select(e => (e["url"], e["mandatory"]));
        urls.Should().BeEquivalentTo(new[]
        {
            ((object?)$"s3://{bucket.Name}/p/a-1.jsonl.gz", (object?)true),
            ($"s3://{bucket.Name}/p/a-2.jsonl.gz", true),
            ($"s3://{bucket.Name}/p/b-1.jsonl.gz", true),
        });
        Regex.IsMatch(manifest, "^\\{\"entries\":\\[").Should().BeTrue();
    }
}
