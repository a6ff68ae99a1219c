namespace SingerRun.Tests;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StateCommandTests : IDisposable
{
    private readonly RunDirectory _dir = new();

    [Fact]
    public async Task SetGetListCopyClear_InMeltanosLayout()
    {
        var set = await RunDirectory.RunAsync("state", "set", "dev:tap-a-to-target-b", """{"singer_state": {"bookmarks": {"t": {"v": 12.50}}}}""", "--state-backend", _dir.Backend);
        set.ExitCode.Should().Be(0, set.Stderr);

        (await File.ReadAllTextAsync(_dir.StateFile("dev:tap-a-to-target-b"))).Trim()
            .Should().Be("""{"completed":{"singer_state":{"bookmarks":{"t":{"v":12.50}}}},"partial":{}}""");
        var get = await RunDirectory.RunAsync("state", "get", "dev:tap-a-to-target-b", "--state-backend", _dir.Backend);
        get.Stdout.Trim().Should().Be("""{"singer_state":{"bookmarks":{"t":{"v":12.50}}}}""");

        (await RunDirectory.RunAsync("state", "copy", "dev:tap-a-to-target-b", "prod:x", "--state-backend", _dir.Backend)).ExitCode.Should().Be(0);
        (await RunDirectory.RunAsync("state", "list", "--state-backend", _dir.Backend)).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Should().Equal("dev:tap-a-to-target-b", "prod:x");
        (await RunDirectory.RunAsync("state", "list", "prod:*", "--state-backend", _dir.Backend)).Stdout.Trim().Should().Be("prod:x");

        (await RunDirectory.RunAsync("state", "clear", "prod:x", "--state-backend", _dir.Backend)).ExitCode.Should().Be(0);
        (await RunDirectory.RunAsync("state", "list", "--state-backend", _dir.Backend)).Stdout.Trim().Should().Be("dev:tap-a-to-target-b");
        (await RunDirectory.RunAsync("state", "get", "prod:x", "--state-backend", _dir.Backend)).Stdout.Trim().Should().Be("{}");
    }

    [Fact]
    public async Task AStateMeltanoWrote_WithAPartialPart_IsReadMerged()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_dir.StateFile("dev:m"))!);
        await File.WriteAllTextAsync(_dir.StateFile("dev:m"),
            """{"completed": {"singer_state": {"bookmarks": {"a": {"v": 1}, "b": {"v": 2}}}}, "partial": {"singer_state": {"bookmarks": {"b": {"v": 3}}}}}""");

        var get = await RunDirectory.RunAsync("state", "get", "dev:m", "--state-backend", _dir.Backend);

        get.Stdout.Trim().Should().Be("""{"singer_state":{"bookmarks":{"a":{"v":1},"b":{"v":3}}}}""");
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("..")]
    [InlineData("a/b")]
    public async Task AStateIdThatIsAPath_IsRefused(string stateId)
    {
        var result = await RunDirectory.RunAsync("state", "set", stateId, """{"singer_state": {}}""", "--state-backend", _dir.Backend);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain($"state id '{stateId}' is not allowed");
        Directory.Exists(Path.Combine(_dir.Path, "escape")).Should().BeFalse();
    }

    [Fact]
    public async Task SetWithoutSingerState_IsRefusedAsMeltanoDoes()
    {
        var result = await RunDirectory.RunAsync("state", "set", "x", """{"bookmarks": {}}""", "--state-backend", _dir.Backend);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("the JSON must be an object with a top-level \"singer_state\" object");
    }

    public void Dispose() => _dir.Dispose();
}
