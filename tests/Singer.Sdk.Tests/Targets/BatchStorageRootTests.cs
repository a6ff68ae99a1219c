using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Targets;

/// <summary>BATCH files are read only from batch_config.storage.root: never another file, a symlink out of it, or a device.</summary>
[Collection(GlobalStateCollection.Name)]
public sealed class BatchStorageRootTests : IDisposable
{
    private const string Schema = """{"type": "SCHEMA", "stream": "s", "schema": {"type": "object", "properties": {"id": {"type": "integer"}}}, "key_properties": ["id"]}""";
    private const string State = """{"type": "STATE", "value": {"n": 1}}""";

    private readonly TempDirectory _root = new();
    private readonly TempDirectory _elsewhere = new();
    private readonly List<string> _events = [];

    public void Dispose()
    {
        _root.Dispose();
        _elsewhere.Dispose();
    }

    private static string Config(string? root) =>
        root is null ? "{}" : "{\"batch_config\": {\"storage\": {\"root\": " + JsonSerializer.Serialize(root) + "}}}";

    private static string Batch(string uriOrPath) =>
        $$"""{"type": "BATCH", "stream": "s", "encoding": {"format": "jsonl"}, "manifest": [{{JsonSerializer.Serialize(uriOrPath)}}]}""";

    private static string Uri(string path) => new Uri(path).AbsoluteUri;

    private async Task<RecordingTarget> RunAsync(string config, params string[] lines)
    {
        var target = new RecordingTarget(new PluginConfig(SingerText.Object(config)), _events);
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        await using var output = new StateOutputStream(_events);
        await TargetRunner.ProcessAsync(target, input, output, CancellationToken.None);
        return target;
    }

    private async Task<ProtocolException> FailAsync(string config, params string[] lines)
    {
        var act = () => RunAsync(config, lines);
        return (await act.Should().ThrowAsync<ProtocolException>()).Which;
    }

    [Fact]
    public async Task ProcessAsync_BatchWithoutRootConfigured_IsRefusedSayingHowToAllowIt()
    {
        var file = await _root.WriteAsync("part.jsonl", "{\"id\": 1}\n");

        var error = await FailAsync(Config(null), Schema, """{"type": "RECORD", "stream": "s", "record": {"id": 0}}""", State, Batch(Uri(file)));

        error.Message.Should().Be("line 4: stream 's': BATCH refused: reading batch files is off; set batch_config.storage.root in the target's config to the directory the tap writes them to");
        // What came before the BATCH is loaded and its state passed on.
        _events.Should().Equal("create s", "batch s: 0", "state {\"n\":1}", "close s", "target close");
    }

    [Fact]
    public async Task ProcessAsync_BatchFileInsideRoot_IsLoaded()
    {
        var file = await _root.WriteAsync("part.jsonl", "{\"id\": 1}\n{\"id\": 2}\n");

        await RunAsync(Config(Uri(_root.Path)), Schema, Batch(Uri(file)), State);

        _events.Should().Equal("create s", "batch s: 1,2", "state {\"n\":1}", "close s", "target close");
    }

    [Fact]
    public async Task ProcessAsync_RootGivenAsSymlinkAndFileAsPath_IsLoaded()
    {
        var file = await _root.WriteAsync("part.jsonl", "{\"id\": 3}\n");
        var link = Path.Combine(_elsewhere.Path, "batches");
        Directory.CreateSymbolicLink(link, _root.Path);

        await RunAsync(Config(link), Schema, Batch(Uri(Path.Combine(link, "part.jsonl"))), State);

        File.Exists(file).Should().BeTrue();
        _events.Should().Equal("create s", "batch s: 3", "state {\"n\":1}", "close s", "target close");
    }

    [Fact]
    public async Task ProcessAsync_BatchFileOutsideRoot_IsRefusedAndNotRead()
    {
        var secret = await _elsewhere.WriteAsync("config.json", "{\"id\": 1, \"password\": \"hunter2\"}\n");

        var error = await FailAsync(Config(_root.Path), Schema, Batch(Uri(secret)));

        error.Message.Should().Be($"line 2: stream 's': batch file '{secret}' is outside batch_config.storage.root '{_root.Path}'; refused");
        _events.Should().Equal("create s", "close s", "target close");
    }

    [Fact]
    public async Task ProcessAsync_BatchPathClimbingOutWithDotDot_IsRefused()
    {
        var secret = await _elsewhere.WriteAsync("config.json", "{\"id\": 1}\n");
        var climbing = _root.Path + "/../" + Path.GetFileName(_elsewhere.Path) + "/config.json";

        var error = await FailAsync(Config(_root.Path), Schema, Batch("file://" + climbing));

        error.Message.Should().Be($"line 2: stream 's': batch file '{secret}' is outside batch_config.storage.root '{_root.Path}'; refused");
    }

    [Fact]
    public async Task ProcessAsync_SymlinkInsideRootPointingOutside_IsRefused()
    {
        var secret = await _elsewhere.WriteAsync("config.json", "{\"id\": 1}\n");
        var link = _root.File("innocent.jsonl");
        File.CreateSymbolicLink(link, secret);

        var error = await FailAsync(Config(_root.Path), Schema, Batch(Uri(link)));

        error.Message.Should().Be($"line 2: stream 's': batch file '{link}' is outside batch_config.storage.root '{_root.Path}'; refused");
    }

    [Fact]
    public async Task ProcessAsync_DevZero_IsRefusedOutsideRootAndAsNotARegularFileInsideIt()
    {
        var outside = await FailAsync(Config(_root.Path), Schema, Batch("file:///dev/zero"));
        var device = await FailAsync(Config("/dev"), Schema, Batch("file:///dev/zero"));

        outside.Message.Should().Be($"line 2: stream 's': batch file '/dev/zero' is outside batch_config.storage.root '{_root.Path}'; refused");
        device.Message.Should().Be("line 2: stream 's': batch file '/dev/zero' is not a regular file; refused");
    }

    [Fact]
    public async Task ProcessAsync_FifoInsideRoot_IsRefusedWithoutBlocking()
    {
        var fifo = _root.File("pipe.jsonl");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
            mkfifo.ExitCode.Should().Be(0);
        }

        var error = await FailAsync(Config(_root.Path), Schema, Batch(Uri(fifo)));

        error.Message.Should().Be($"line 2: stream 's': batch file '{fifo}' is not a regular file; refused");
    }

    [Theory]
    [InlineData("s3://bucket/batches")]
    [InlineData("file://otherhost/batches")]
    public async Task ProcessAsync_RootNotLocal_IsRefusedNamingIt(string root)
    {
        var error = await FailAsync(Config(root), Schema, Batch(Uri(_root.File("x.jsonl"))));

        error.Message.Should().Be($"line 2: stream 's': batch_config.storage.root '{root}' is not a local file:// URI or path");
    }

    [Fact]
    public async Task ProcessAsync_RootMissing_IsRefusedNamingIt()
    {
        var missing = _root.File("not-there");

        var error = await FailAsync(Config(missing), Schema, Batch(Uri(_root.File("x.jsonl"))));

        error.Message.Should().Be($"line 2: stream 's': batch_config.storage.root '{missing}' is not an existing directory");
    }
}
