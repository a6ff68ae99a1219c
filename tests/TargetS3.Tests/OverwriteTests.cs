using System.Text;
using Singer.Sdk;
using SingerNet.Tests;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>No run replaces another run's object: default keys carry a run id, and a taken key fails the run.</summary>
public sealed class OverwriteTests
{
    [Fact]
    public async Task Process_TwoRunsStartedInTheSameSecond_WriteDistinctObjectsThatAreAllReadable()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var runStart = DateTimeOffset.UtcNow;
        var config = ConfigLoader.Validate(TestConfig.For(bucket.Name, new() { ["manifest"] = true }), S3Settings.About.Settings);

        var first = await RunAsync(config, runStart, 1);
        var second = await RunAsync(config, runStart, 2);

        first.Should().NotBe(second);
        var keys = await bucket.KeysAsync();
        var timestamp = ObjectNaming.Timestamp(runStart);
        var day = runStart.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        keys.Should().BeEquivalentTo(
            $"t/{day}/t-{timestamp}-{first}-1.jsonl.gz",
            $"t/{day}/t-{timestamp}-{second}-1.jsonl.gz",
            $"manifest-{timestamp}-{first}.json",
            $"manifest-{timestamp}-{second}.json");
        (await bucket.TextAsync($"t/{day}/t-{timestamp}-{first}-1.jsonl.gz")).Should().Be("{\"id\":1}\n");
        (await bucket.TextAsync($"t/{day}/t-{timestamp}-{second}-1.jsonl.gz")).Should().Be("{\"id\":2}\n");
        (await bucket.TextAsync($"manifest-{timestamp}-{second}.json")).Should()
            .Be($$"""{"entries":[{"url":"s3://{{bucket.Name}}/t/{{day}}/t-{{timestamp}}-{{second}}-1.jsonl.gz","mandatory":true}]}""");
    }

    [Theory]
    [InlineData("jsonl", "none")]
    [InlineData("parquet", "gzip")]
    public async Task Run_CustomConventionWithoutRunIdTwice_SecondRunExitsOneAndTheFirstObjectStays(string format, string compression)
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var config = TestConfig.For(bucket.Name, new() { ["naming_convention"] = "{stream}-{part}.{ext}", ["format"] = format, ["compression"] = compression });
        var key = format == "parquet" ? "t-1.parquet" : "t-1.jsonl";
        var first = await TargetProcess.RunAsync(config, Input(1));
        first.ExitCode.Should().Be(0, first.Stderr);
        var firstBytes = await bucket.ReadAsync(key);

        var second = await TargetProcess.RunAsync(config, Input(2));

        second.ExitCode.Should().Be(1, second.Stderr);
        TargetProcess.CriticalLines(second).Should().Equal(
            $"CRITICAL s3://{bucket.Name}/{key} already exists and target-s3 never replaces an object; another run wrote that key (give naming_convention a {{run_id}} or {{uuid}})");
        TargetProcess.StdoutLines(second).Should().BeEmpty();
        (await bucket.KeysAsync()).Should().Equal(key);
        (await bucket.ReadAsync(key)).Should().Equal(firstBytes);
    }

    private static string Input(int id) =>
        new SingerStream().Schema("t", """{"id":{"type":"integer"}}""").Record("t", $$"""{"id":{{id}}}""").State($$"""{"last":{{id}}}""").ToString();

    /// <summary>One in-process run pinned to <paramref name="runStart"/>; returns its run id.</summary>
    private static async Task<string> RunAsync(PluginConfig config, DateTimeOffset runStart, int id)
    {
        using var target = new S3Target(config, client: null, runStart);
        var states = new List<string>();
        await using var output = new StateProbeStream(line =>
        {
            states.Add(line);
            return Task.CompletedTask;
        });
        await TargetRunner.ProcessAsync(target, new MemoryStream(Encoding.UTF8.GetBytes(Input(id))), output, CancellationToken.None);
        states.Should().Equal($$"""{"last":{{id}}}""");
        return target.RunId;
    }
}
