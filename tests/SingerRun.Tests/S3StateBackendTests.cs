using System.Text;

namespace SingerRun.Tests;

/// <summary>The s3:// state backend on the shared s3rver, a bucket per test. s3rver ignores If-None-Match, so runs opt into unsafe_lock.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class S3StateBackendTests : IAsyncLifetime, IDisposable
{
    private readonly RunDirectory _dir = new();
    private S3TestBucket _bucket = null!;

    public async Task InitializeAsync() => _bucket = await S3TestBucket.CreateAsync("srun");

    public async Task DisposeAsync()
    {
        await _bucket.DisposeAsync();
    }

    public void Dispose() => _dir.Dispose();

    private string Backend(string extra = "") =>
        $"s3://{ServiceEnvironment.S3AccessKey}:{ServiceEnvironment.S3SecretKey}@{_bucket.Name}/team/states?endpoint_url={Uri.EscapeDataString(ServiceEnvironment.S3Endpoint)}{extra}";

    private string Unsafe(string extra = "") => Backend("&unsafe_lock=true" + extra);

    [Fact]
    public async Task SetGetListClear_StoredInMeltanosLayout_BytesReadBack()
    {
        var set = await RunDirectory.RunAsync("state", "set", "dev:a", """{"singer_state": {"bookmarks": {"t": {"v": 12.50}}}}""", "--state-backend", Unsafe());
        set.ExitCode.Should().Be(0, set.Stderr);

        Encoding.UTF8.GetString(await _bucket.ReadAsync("team/states/dev:a/state.json"))
            .Should().Be("""{"completed":{"singer_state":{"bookmarks":{"t":{"v":12.50}}}},"partial":{}}""");
        (await _bucket.KeysAsync()).Should().Equal("team/states/dev:a/state.json");
        (await RunDirectory.RunAsync("state", "get", "dev:a", "--state-backend", Backend())).Stdout.Trim()
            .Should().Be("""{"singer_state":{"bookmarks":{"t":{"v":12.50}}}}""");
        await _bucket.Client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = _bucket.Name, Key = "team/states/meltano/state.json", UseChunkEncoding = false,
            ContentBody = """{"completed": {"singer_state": {"bookmarks": {"a": 1, "b": 2}}}, "partial": {"singer_state": {"bookmarks": {"b": 3}}}}""",
        });
        (await RunDirectory.RunAsync("state", "get", "meltano", "--state-backend", Backend())).Stdout.Trim()
            .Should().Be("""{"singer_state":{"bookmarks":{"a":1,"b":3}}}""");
        (await RunDirectory.RunAsync("state", "list", "--state-backend", Backend())).Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Should().Equal("dev:a", "meltano");

        (await RunDirectory.RunAsync("state", "clear", "dev:a", "--state-backend", Unsafe())).ExitCode.Should().Be(0);
        (await _bucket.KeysAsync()).Should().Equal("team/states/meltano/state.json");
    }

    [Fact]
    public async Task Run_OnAServerIgnoringIfNoneMatch_IsRefusedWithOneLine_NothingWritten()
    {
        var result = await RunDirectory.RunAsync("--tap", "true", "--target", "cat", "--state-id", "dev:r", "--state-backend", Backend());

        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Should().Be(
            $"CRITICAL S3 state backend s3://{_bucket.Name}/team/states/ at {ServiceEnvironment.S3Endpoint}: the server ignores conditional writes (PUT If-None-Match: *), so the lock of state id 'dev:r' could not be atomic; use a server that honours them (AWS S3, MinIO) or accept a best-effort lock with unsafe_lock=true in the URI (or SINGER_RUN_S3_UNSAFE_LOCK=true)");
        (await _bucket.KeysAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Run_WithUnsafeLock_RunsWithAWarning_StoresTheState_RemovesTheLock()
    {
        var tap = _dir.Script("tap", """echo '{"type":"STATE","value":{"n":1}}'""");
        var relay = _dir.Script("relay", """sed -u 's/.*"value"://; s/}$//'""");

        var result = await RunDirectory.RunAsync("--tap", tap, "--target", relay, "--state-id", "dev:u", "--state-backend", Unsafe());

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().Contain("the server ignores If-None-Match; the lock of 'dev:u' is best effort (unsafe_lock)");
        (await _bucket.KeysAsync()).Should().Equal("team/states/dev:u/state.json");
        Encoding.UTF8.GetString(await _bucket.ReadAsync("team/states/dev:u/state.json")).Should().Be("""{"completed":{"singer_state":{"n":1}},"partial":{}}""");
    }

    [Fact]
    public async Task ASecondRun_FailsAtOnce_NamingTheHolder_ThenAKill9dHolderIsTakenOverAfterItsLease()
    {
        var slowTap = _dir.Script("slow-tap", "sleep 60");
        var backend = Unsafe("&lease_timeout=4");
        await using var holder = new HolderProcess("--tap", slowTap, "--target", "cat", "--state-id", "dev:busy", "--state-backend", backend);
        await HolderProcess.WaitForAsync(async () => (await _bucket.KeysAsync()).Contains("team/states/dev:busy/singer-run.lock"), "the first run should take the lock");

        var second = await RunDirectory.RunAsync("--tap", "true", "--target", "cat", "--state-id", "dev:busy", "--state-backend", backend);

        second.ExitCode.Should().Be(1);
        second.Stderr.Should().MatchRegex($"CRITICAL state id 'dev:busy' is locked by another run: pid {holder.Id} on .+ since \\d{{4}}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(lease renewed \\d+ s ago\\)");

        await holder.KillAsync();
        var rerun = await HolderProcess.RerunUntilItRunsAsync("--tap", "true", "--target", "cat", "--state-id", "dev:busy", "--state-backend", backend);

        rerun.ExitCode.Should().Be(0, rerun.Stderr);
        rerun.Stderr.Should().MatchRegex($"WARNING state id 'dev:busy': taking over the lock of pid {holder.Id} on .+: its lease was last renewed \\d+ s ago \\(lease_timeout 4 s\\)");
        (await _bucket.KeysAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task WhileARunHoldsTheLock_MeltanosLockObjectIsKeptFresh_ThenRemoved()
    {
        var tap = _dir.Script("tap", "sleep 8");
        await using var holder = new HolderProcess("--tap", tap, "--target", "cat", "--state-id", "dev:m", "--state-backend", Unsafe());
        const string meltanoLock = "team/states/dev:m/lock";
        async Task<double?> WrittenAt()
        {
            try
            {
                return (await _bucket.KeysAsync()).Contains(meltanoLock)
                    ? double.Parse(Encoding.UTF8.GetString(await _bucket.ReadAsync(meltanoLock)), System.Globalization.CultureInfo.InvariantCulture) : null;
            }
            catch (Exception ex) when (ex is Amazon.Runtime.AmazonClientException or Amazon.Runtime.AmazonServiceException)
            {
                // s3rver rewrites an object's file in place: a read during the rewrite fails its checksum (S3 itself
                // replaces objects whole), and the run may remove it between the listing and the read. The poll reads again.
                return null;
            }
        }

        double first = 0;
        await HolderProcess.WaitForAsync(async () => await WrittenAt() is { } at && (first = at) > 0, "Meltano's lock object should be written");
        first.Should().BeApproximately(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0, 30, "it holds the time as Unix seconds");
        await HolderProcess.WaitForAsync(async () => await WrittenAt() > first, "Meltano's lock should be rewritten within its 10 s timeout");

        await holder.Stderr;
        (await _bucket.KeysAsync()).Should().NotContain(meltanoLock);
    }

    [Fact]
    public async Task AStaleLockObject_IsTakenOver_Logged()
    {
        await _bucket.Client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = _bucket.Name, Key = "team/states/dev:stale/singer-run.lock", UseChunkEncoding = false,
            ContentBody = """{"holder":"pid 4242 on elsewhere","since":"2026-01-02T03:04:05Z","heartbeat":"2026-01-02T03:14:05.000Z","token":"x"}""",
        });

        var result = await RunDirectory.RunAsync("--tap", "true", "--target", "cat", "--state-id", "dev:stale", "--state-backend", Unsafe());

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().MatchRegex("WARNING state id 'dev:stale': taking over the lock of pid 4242 on elsewhere since 2026-01-02T03:04:05Z: its lease was last renewed \\d+ s ago \\(lease_timeout 60 s\\)");
        (await _bucket.KeysAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task AFreshLockObject_RefusesTheRun_NamingItsHolder()
    {
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
        await _bucket.Client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest
        {
            BucketName = _bucket.Name, Key = "team/states/dev:held/singer-run.lock", UseChunkEncoding = false,
            ContentBody = $$"""{"holder":"pid 4242 on elsewhere","since":"2026-01-02T03:04:05Z","heartbeat":"{{now}}","token":"x"}""",
        });

        var result = await RunDirectory.RunAsync("--tap", "true", "--target", "cat", "--state-id", "dev:held", "--state-backend", Unsafe());

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().MatchRegex("CRITICAL state id 'dev:held' is locked by another run: pid 4242 on elsewhere since 2026-01-02T03:04:05Z \\(lease renewed \\d s ago\\)");
        (await _bucket.KeysAsync()).Should().Equal("team/states/dev:held/singer-run.lock");
    }

    [Fact]
    public async Task TheSecretKey_IsNeverPrinted()
    {
        var backend = $"s3://AKIDEXAMPLE:s3cr3t-do-not-print@{_bucket.Name}/p?endpoint_url=http://127.0.0.1:9&request_timeout=2&max_retries=0&unsafe_lock=true";

        var result = await RunDirectory.RunAsync("--tap", "true", "--target", "cat", "--state-id", "x", "--state-backend", backend, "--verbose");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("S3 state backend: could not write").And.Contain("at http://127.0.0.1:9").And.NotContain("s3cr3t-do-not-print");
    }
}
