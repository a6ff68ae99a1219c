using System.Diagnostics;
using SingerNet.Tests;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>Failures: bad credentials and buckets stop the run at once; a failed batch leaves no object behind.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task Run_WrongAccessKey_ExitsTwoWithOneLine()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");

        var result = await TargetProcess.RunAsync(TestConfig.For(bucket.Name, new() { ["aws_access_key_id"] = "NOT-A-KEY" }), Input);

        result.ExitCode.Should().Be(2, result.Stderr);
        TargetProcess.CriticalLines(result).Should().Equal(
            $"CRITICAL cannot access S3 bucket '{bucket.Name}' at {ServiceEnvironment.S3Endpoint}: The AWS Access Key Id you provided does not exist in our records.");
        result.Stdout.Should().BeEmpty();
        (await bucket.KeysAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Run_MissingBucket_ExitsTwoWithOneLine()
    {
        var result = await TargetProcess.RunAsync(TestConfig.For("no-such-bucket-here"), Input);

        result.ExitCode.Should().Be(2, result.Stderr);
        TargetProcess.CriticalLines(result).Should().Equal($"CRITICAL S3 bucket 'no-such-bucket-here' does not exist at {ServiceEnvironment.S3Endpoint}");
        result.Stdout.Should().BeEmpty();
    }

    [Theory]
    [InlineData("format", "avro", "CRITICAL config key 'format' must be jsonl, csv or parquet, not 'avro'")]
    [InlineData("compression", "zip", "CRITICAL config key 'compression' must be gzip or none, not 'zip'")]
    [InlineData("encryption", "AES", "CRITICAL config key 'encryption' must be SSE-S3 or SSE-KMS, not 'AES'")]
    [InlineData("delimiter", ";;", "CRITICAL config key 'delimiter' must be one character, not ';;'")]
    [InlineData("kms_key_id", "k", "CRITICAL config key 'kms_key_id' needs 'encryption': 'SSE-KMS'")]
    [InlineData("aws_secret_access_key", null, "CRITICAL config keys 'aws_access_key_id' and 'aws_secret_access_key' go together: set both or neither")]
    [InlineData("max_file_rows", -1L, "CRITICAL config key 'max_file_rows' must not be negative")]
    public async Task Run_BadSetting_ExitsTwoWithOneLine(string key, object? value, string expected)
    {
        var result = await TargetProcess.RunAsync(TestConfig.For("any-bucket", new() { [key] = value }), Input);

        result.ExitCode.Should().Be(2, result.Stderr);
        TargetProcess.CriticalLines(result).Should().Equal(expected);
    }

    [Fact]
    public async Task Run_InvalidRecordAfterGoodOnes_ExitsOneAndEveryEarlierRecordIsInACompleteObject()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream().Schema("t", """{"id":{"type":"integer"}}""");
        for (var i = 1; i <= 5; i++)
        {
            stream.Record("t", $$"""{"id":{{i}}}""").State($$"""{"last":{{i}}}""");
        }
        var badLine = stream.NextLineNumber;
        stream.Record("t", """{"id":"six"}""").State("""{"last":6}""");

        var result = await TargetProcess.RunAsync(
            TestConfig.For(bucket.Name, new() { ["batch_size_rows"] = 2L, ["naming_convention"] = "{stream}-{part}.{ext}" }), stream.ToString());

        // The SDK's rule: input before a bad line is good, so it is loaded and its state passed on; then the run stops.
        result.ExitCode.Should().Be(1, result.Stderr);
        TargetProcess.CriticalLines(result).Should().ContainSingle().Which.Should().StartWith($"CRITICAL line {badLine}: stream 't'");
        TargetProcess.StdoutLines(result).Should().EndWith("""{"last":5}""").And.NotContain("""{"last":6}""");
        (await bucket.KeysAsync()).Should().Equal("t-1.jsonl.gz", "t-2.jsonl.gz", "t-3.jsonl.gz");
        (await bucket.TextAsync("t-1.jsonl.gz")).Should().Be("{\"id\":1}\n{\"id\":2}\n");
        (await bucket.TextAsync("t-2.jsonl.gz")).Should().Be("{\"id\":3}\n{\"id\":4}\n");
        (await bucket.TextAsync("t-3.jsonl.gz")).Should().Be("{\"id\":5}\n");
    }

    [Fact]
    public async Task Run_StoppedMidBatchAfterAPartWasUploaded_LeavesNoObjectForThatBatch()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var config = await TargetProcess.WriteConfigAsync(
            TestConfig.For(bucket.Name, new() { ["compression"] = "none", ["naming_convention"] = "{stream}-{part}.{ext}" }));
        var start = Executable.StartInfo("target-s3");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        // Batch 1 is committed by ACTIVATE_VERSION (the sink drains first), and its state passes.
        var first = new SingerStream()
            .Schema("t", """{"id":{"type":"integer"},"pad":{"type":"string"}}""")
            .Record("t", """{"id":1,"pad":"a"}""")
            .ActivateVersion("t", 1)
            .State("""{"last":1}""");
        await process.StandardInput.WriteAsync(first.ToString());
        // Batch 2: more than one part (5 MiB) of records, so a multipart upload is under way, then the input stalls.
        var pad = new string('y', 1000);
        for (var i = 2; i <= 6_000; i++)
        {
            await process.StandardInput.WriteAsync($$$"""{"type":"RECORD","stream":"t","record":{"id":{{{i}}},"pad":"{{{pad}}}"}}""" + "\n");
        }
        await process.StandardInput.FlushAsync();
        await WaitForAsync(() => stderr.IsCompleted || process.HasExited, TimeSpan.FromSeconds(2));
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        // A read of stdin in progress does not see the cancellation; end the input so it returns (to a cancelled run).
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        File.Delete(config);

        process.ExitCode.Should().NotBe(0, await stderr);
        (await stdout).Should().Be("{\"last\":1}\n");
        // s3rver cannot abort (405), so the target warns; on S3 the upload is aborted. Either way it was started and dropped.
        (await stderr).Should().Contain($"the unfinished upload of s3://{bucket.Name}/t-2.jsonl");
        (await bucket.KeysAsync()).Should().Equal("t-1.jsonl");
        (await bucket.TextAsync("t-1.jsonl")).Should().Be("{\"id\":1,\"pad\":\"a\"}\n");
    }

    private const string Input = """{"type":"SCHEMA","stream":"t","schema":{"type":"object","properties":{"id":{"type":"integer"}}},"key_properties":[]}""" + "\n";

    private static async Task WaitForAsync(Func<bool> done, TimeSpan time)
    {
        var until = DateTime.UtcNow + time;
        while (!done() && DateTime.UtcNow < until)
        {
            await Task.Delay(50);
        }
    }
}
