using System.Text.RegularExpressions;
using SingerNet.Tests;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>A stream name is data, not a path: no name can put a file outside s3_key_prefix, let alone in another bucket.</summary>
public sealed class KeyEscapeTests
{
    [Theory]
    [InlineData("../../x", "..%2F..%2Fx")]
    [InlineData("..", "%2E%2E")]
    [InlineData(".", "%2E")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("/abs", "%2Fabs")]
    [InlineData("..\\..\\x", "..%5C..%5Cx")]
    [InlineData("tab\tline\nnul\0del\u007f", "tab%09line%0Anul%00del%7F")]
    [InlineData("100%", "100%25")]
    [InlineData("%2e%2e", "%252e%252e")]
    [InlineData("..orders..", "..orders..")]
    [InlineData("héllo ✓ 😀", "héllo ✓ 😀")]
    public void Escape_NameFromInput_StaysOneFolderLevel(string stream, string expected)
    {
        ObjectNaming.Escape(stream).Should().Be(expected);
    }

    [Fact]
    public async Task Run_HostileStreamNames_EveryObjectStaysUnderThePrefixOfItsBucket()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        await using var other = await S3TestBucket.CreateAsync("s3-other");
        string[] names =
        [
            $"../../{other.Name}/x",
            $"../{other.Name}/y",
            $"/{other.Name}/z",
            "..",
            ".",
            "a/../../b",
            "..\\..\\w",
            "nul\0tab\t",
            "100%",
        ];
        var stream = new SingerStream();
        for (var i = 0; i < names.Length; i++)
        {
            stream.Line(SchemaLine(names[i])).Line(RecordLine(names[i], i));
        }

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["s3_key_prefix"] = "lake", ["compression"] = "none", ["naming_convention"] = "{stream}-{part}.{ext}" }),
            stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var expected = new[]
        {
            $"lake/..%2F..%2F{other.Name}%2Fx-1.jsonl",
            $"lake/..%2F{other.Name}%2Fy-1.jsonl",
            $"lake/%2F{other.Name}%2Fz-1.jsonl",
            "lake/%2E%2E-1.jsonl",
            "lake/%2E-1.jsonl",
            "lake/a%2F..%2F..%2Fb-1.jsonl",
            "lake/..%5C..%5Cw-1.jsonl",
            "lake/nul%00tab%09-1.jsonl",
            "lake/100%25-1.jsonl",
        };
        (await bucket.KeysAsync()).Should().BeEquivalentTo(expected);
        for (var i = 0; i < expected.Length; i++)
        {
            (await bucket.TextAsync(expected[i])).Should().Be($$"""{"id":{{i}}}""" + "\n");
        }
        (await other.KeysAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Run_HostileStreamNameWithTheDefaultConvention_StaysInItsOwnFolderUnderThePrefix()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        await using var other = await S3TestBucket.CreateAsync("s3-other");
        var name = $"../../../{other.Name}/x";
        var stream = new SingerStream()
            .Line(SchemaLine(name))
            .Line(RecordLine(name, 1))
            .Line(SchemaLine(".."))
            .Line(RecordLine("..", 2));

        var result = await TargetProcess.RunAsync(TestConfig.For(bucket.Name, new() { ["s3_key_prefix"] = "lake/" }), stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var keys = await bucket.KeysAsync();
        var escaped = $"..%2F..%2F..%2F{other.Name}%2Fx";
        keys.Should().HaveCount(2);
        keys.Should().ContainSingle(k => k.StartsWith($"lake/{escaped}/", StringComparison.Ordinal))
            .Which.Should().MatchRegex($@"^lake/{Regex.Escape(escaped)}/\d{{4}}-\d{{2}}-\d{{2}}/{Regex.Escape(escaped)}-\d{{8}}T\d{{6}}-[0-9a-f]{{12}}-1\.jsonl\.gz$");
        keys.Should().ContainSingle(k => k.StartsWith("lake/%2E%2E/", StringComparison.Ordinal))
            .Which.Should().MatchRegex(@"^lake/%2E%2E/\d{4}-\d{2}-\d{2}/%2E%2E-\d{8}T\d{6}-[0-9a-f]{12}-1\.jsonl\.gz$");
        (await bucket.TextAsync(keys.Single(k => k.StartsWith("lake/%2E%2E/", StringComparison.Ordinal)))).Should().Be("{\"id\":2}\n");
        (await other.KeysAsync()).Should().BeEmpty();
    }

    [Theory]
    [InlineData("../up")]
    [InlineData("a/./b")]
    [InlineData("a\\..\\b")]
    public async Task Run_PrefixWithADotFolder_ExitsTwoWithOneLine(string prefix)
    {
        var result = await TargetProcess.RunAsync(TestConfig.For("any-bucket", new() { ["s3_key_prefix"] = prefix }), "");

        result.ExitCode.Should().Be(2, result.Stderr);
        TargetProcess.CriticalLines(result).Should().Equal($"CRITICAL config key 's3_key_prefix' must not have a '.' or '..' folder, not '{prefix}'");
    }

    /// <summary>Built by hand: SingerStream's helpers take names that are already JSON-safe.</summary>
    private static string SchemaLine(string stream) =>
        """{"type":"SCHEMA","stream":""" + SingerStream.Quote(stream) + ""","schema":{"properties":{"id":{"type":"integer"}}},"key_properties":[]}""";

    private static string RecordLine(string stream, int id) =>
        """{"type":"RECORD","stream":""" + SingerStream.Quote(stream) + ""","record":{"id":""" + id + "}}";
}
