namespace SingerRun.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StateStoringTests : IDisposable
{
    private readonly RunDirectory _dir = new();

    [Fact]
    public async Task ATargetWritingStatesFast_TheLastOneIsStored_JunkLinesAreSkippedWithAWarning()
    {
        var target = _dir.Script("chatty-target", """
            cat > /dev/null
            echo 'not json'
            echo '[1, 2]'
            i=0; while [ $i -lt 2000 ]; do echo "{\"bookmarks\": {\"t\": {\"n\": $i}}}"; i=$((i+1)); done
            """);

        var result = await RunDirectory.RunAsync("--tap", "true", "--target", target, "--state-id", "fast", "--state-backend", _dir.Backend);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().Contain("WARNING target wrote a line that is not a JSON state; ignored: not json")
            .And.Contain("WARNING target wrote a line that is not a JSON object; ignored: [1, 2]");
        (await File.ReadAllTextAsync(_dir.StateFile("fast"))).Trim()
            .Should().Be("""{"completed":{"singer_state":{"bookmarks":{"t":{"n":1999}}}},"partial":{}}""");
    }

    [Fact]
    public async Task AnUnsupportedBackend_StopsAtStartUp()
    {
        var result = await RunDirectory.RunAsync("--tap", "true", "--target", "cat", "--state-id", "x", "--state-backend", "gs://reader:topsecret@bucket/x");

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("state backend 'gs://reader:***@bucket/x' is not supported: use file:///dir, s3://bucket/prefix or postgresql://")
            .And.NotContain("topsecret");
    }

    public void Dispose() => _dir.Dispose();
}
