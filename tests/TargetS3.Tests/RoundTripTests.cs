using SingerNet.Tests;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>The executable's files read back from s3rver and compared byte for byte with what they must hold.</summary>
public sealed class RoundTripTests
{
    private const string Properties = """
        {"id":{"type":"integer"},"amount":{"type":["number","null"]},"name":{"type":["string","null"]},
         "tags":{"type":["array","null"]},"meta":{"type":["object","null"]},"flag":{"type":["boolean","null"]}}
        """;

    private static readonly string[] Records =
    [
        """{"id":1,"amount":-1234567890123456789012345678.0123456789,"name":"héllo ✓ 😀","tags":["a","b"],"meta":{"x":1.50},"flag":true}""",
        """{"id":2,"amount":18446744073709551615,"name":"say \"hi\", then\nleave","tags":[],"meta":{},"flag":false}""",
        """{"id":3,"amount":null,"name":"","tags":null,"meta":null,"flag":null}""",
    ];

    private const string ExpectedCsv =
        "id,amount,name,tags,meta,flag\n"
        + "1,-1234567890123456789012345678.0123456789,héllo ✓ 😀,\"[\"\"a\"\",\"\"b\"\"]\",\"{\"\"x\"\":1.50}\",true\n"
        + "2,18446744073709551615,\"say \"\"hi\"\", then\nleave\",[],{},false\n"
        + "3,,\"\",,,\n";

    [Theory]
    [InlineData("jsonl", "gzip", "jsonl.gz")]
    [InlineData("jsonl", "none", "jsonl")]
    [InlineData("csv", "gzip", "csv.gz")]
    [InlineData("csv", "none", "csv")]
    public async Task Run_FormatAndCompression_WritesExactValues(string format, string compression, string extension)
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream().Schema("orders", Properties, "id");
        foreach (var record in Records)
        {
            stream.Record("orders", record);
        }
        stream.State("""{"bookmarks":{"orders":3}}""");

        var result = await TargetProcess.RunAsync(TestConfig.For(bucket.Name, new() { ["format"] = format, ["compression"] = compression }), stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        TargetProcess.StdoutLines(result).Should().Equal("""{"bookmarks":{"orders":3}}""");
        var key = (await bucket.KeysAsync()).Should().ContainSingle().Subject;
        key.Should().MatchRegex($@"^orders/\d{{4}}-\d{{2}}-\d{{2}}/orders-\d{{8}}T\d{{6}}-[0-9a-f]{{12}}-1\.{extension.Replace(".", @"\.", StringComparison.Ordinal)}$");
        // JSONL keeps non-ASCII text as UTF-8, except characters beyond the BMP, which the SDK's JSON writer
        // escapes as a surrogate pair (the same string to every JSON reader).
        var expected = format == "csv"
            ? ExpectedCsv
            : string.Concat(Records.Select(r => r.Replace("😀", @"\uD83D\uDE00", StringComparison.Ordinal) + "\n"));
        (await bucket.TextAsync(key)).Should().Be(expected);
        if (compression == "gzip")
        {
            (await bucket.ReadAsync(key)).Take(2).Should().Equal((byte)0x1f, (byte)0x8b);
        }
    }

    [Fact]
    public async Task Run_CsvWithOtherDelimiterAndQuote_QuotesByThem()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream()
            .Schema("t", """{"a":{"type":"string"},"b":{"type":"string"}}""")
            .Record("t", """{"a":"x;y","b":"it's, fine"}""");

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["format"] = "csv", ["compression"] = "none", ["delimiter"] = ";", ["quotechar"] = "'" }), stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var key = (await bucket.KeysAsync()).Should().ContainSingle().Subject;
        (await bucket.TextAsync(key)).Should().Be("a;b\n'x;y';'it''s, fine'\n");
    }

    [Fact]
    public async Task Run_AddMetadataColumns_AppendsExtractedBatchedAndDeletedAt()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream()
            .Schema("t", """{"id":{"type":"integer"}}""")
            .Record("t", """{"id":1}""", timeExtracted: "2024-01-02T03:04:05.000000Z")
            .Record("t", """{"id":2,"_sdc_deleted_at":"2024-02-01T00:00:00.000000Z"}""");

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["format"] = "csv", ["compression"] = "none", ["add_metadata_columns"] = true, ["validate_records"] = false }),
            stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var lines = (await bucket.TextAsync((await bucket.KeysAsync()).Single())).Split('\n');
        lines[0].Should().Be("id,_sdc_extracted_at,_sdc_batched_at,_sdc_deleted_at");
        lines[1].Should().MatchRegex(@"^1,2024-01-02T03:04:05\.000000Z,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z,$");
        lines[2].Should().MatchRegex(@"^2,,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z,2024-02-01T00:00:00\.000000Z$");
    }

    [Fact]
    public async Task Run_JsonlWithMetadataColumns_AddsThemAfterTheRecordsProperties()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream()
            .Schema("t", """{"id":{"type":"integer"}}""")
            .Record("t", """{"id":1}""", timeExtracted: "2024-01-02T03:04:05.000000Z");

        var result = await TargetProcess.RunAsync(TestConfig.For(bucket.Name, new() { ["add_metadata_columns"] = true }), stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        (await bucket.TextAsync((await bucket.KeysAsync()).Single())).Should().MatchRegex(
            @"^\{""id"":1,""_sdc_extracted_at"":""2024-01-02T03:04:05\.000000Z"",""_sdc_batched_at"":""\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"",""_sdc_deleted_at"":null\}\n$");
    }

    [Fact]
    public async Task Run_AddTableVersionColumn_TheRecordsVersionLast_NullWithoutOne_TheRecordsOwnFieldReplaced()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream()
            .Schema("t", """{"id":{"type":"integer"},"_sdc_table_version":{"type":["integer","null"]}}""")
            .Record("t", """{"id":1}""", version: 1700000000123)
            .ActivateVersion("t", 1700000000123)
            .Record("t", """{"id":2,"_sdc_table_version":5}""", version: 1700000000456)
            .Record("t", """{"id":3}""");

        var result = await TargetProcess.RunAsync(TestConfig.For(bucket.Name, new() { ["add_table_version_column"] = true }), stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        // ACTIVATE_VERSION flushes: the records before it are in the first file.
        var files = new List<string>();
        foreach (var key in await bucket.KeysAsync())
        {
            files.Add(await bucket.TextAsync(key));
        }
        files.Should().HaveCount(2);
        string.Concat(files.OrderBy(text => text.Length)).Should().Be(
            """
            {"id":1,"_sdc_table_version":1700000000123}
            {"id":2,"_sdc_table_version":1700000000456}
            {"id":3,"_sdc_table_version":null}

            """.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Run_CsvWithMetadataAndTableVersionColumns_TheVersionAfterTheMetadata()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream()
            .Schema("t", """{"id":{"type":"integer"}}""")
            .Record("t", """{"id":1}""", version: 42, timeExtracted: "2024-01-02T03:04:05.000000Z");

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["format"] = "csv", ["compression"] = "none", ["add_metadata_columns"] = true, ["add_table_version_column"] = true }),
            stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var lines = (await bucket.TextAsync((await bucket.KeysAsync()).Single())).Split('\n');
        lines[0].Should().Be("id,_sdc_extracted_at,_sdc_batched_at,_sdc_deleted_at,_sdc_table_version");
        lines[1].Should().MatchRegex(@"^1,2024-01-02T03:04:05\.000000Z,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z,,42$");
    }
}
