using System.Diagnostics;
using TapMysql.Tests;
using TargetPostgres.Tests;

namespace SingerRun.Tests;

/// <summary>tap-mysql → target-postgres through singer-run, on the real MariaDB and PostgreSQL, with a file state backend.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PipelineRunTests : MysqlAndPostgres, IDisposable
{
    private readonly RunDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private async Task<(string Tap, string Target)> PipelineAsync()
    {
        await Mysql.ExecuteAsync("""
            CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10,2), updated INT NOT NULL);
            INSERT INTO orders VALUES (1, 10.10, 1), (2, 20.20, 2);
            """);
        var config = Mysql.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Mysql, config, "INCREMENTAL", "updated");
        return (RunDirectory.Command("tap-mysql", "--config", config, "--catalog", catalog),
            RunDirectory.Command("target-postgres", "--config", Postgres.WriteConfig()));
    }

    private async Task<List<string>> RowsAsync() =>
        (await Postgres.QueryAsync($"SELECT id::text || '=' || total::text FROM {Postgres.Qualified("orders")} ORDER BY id")).Select(r => (string)r[0]!).ToList();

    [Fact]
    public async Task Rerun_StartsFromTheStoredState_OnlyNewRowsRead()
    {
        var (tap, target) = await PipelineAsync();

        var first = await RunDirectory.RunAsync("--tap", tap, "--target", target, "--state-id", "dev:orders", "--state-backend", _dir.Backend);
        first.ExitCode.Should().Be(0, first.Stderr);
        first.Stderr.Should().Contain("state 'dev:orders': none stored in");
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(_dir.StateFile("dev:orders")))!;
        stored["completed"]!["singer_state"]!["bookmarks"]![$"{Mysql.Name}-orders"]!["replication_key_value"]!.GetValue<long>().Should().Be(2);
        stored["partial"]!.ToJsonString().Should().Be("{}");

        await Mysql.ExecuteAsync("INSERT INTO orders VALUES (3, 30.30, 3); UPDATE orders SET total = 99.99 WHERE id = 1;");
        var second = await RunDirectory.RunAsync("--tap", tap, "--target", target, "--state-id", "dev:orders", "--state-backend", _dir.Backend);

        second.ExitCode.Should().Be(0, second.Stderr);
        second.Stderr.Should().Contain("starting from the state stored in");
        // The update of row 1 did not move its replication key: an incremental rerun does not see it, as Singer's INCREMENTAL.
        (await RowsAsync()).Should().Equal("1=10.10", "2=20.20", "3=30.30");
        JsonNode.Parse(await File.ReadAllTextAsync(_dir.StateFile("dev:orders")))!["completed"]!["singer_state"]!["bookmarks"]!
            [$"{Mysql.Name}-orders"]!["replication_key_value"]!.GetValue<long>().Should().Be(3);
    }

    [Fact]
    public async Task ASecondRunOfTheSameStateId_FailsAtOnceNamingTheHolder()
    {
        var (_, target) = await PipelineAsync();
        var slowTap = _dir.Script("slow-tap", "sleep 30");
        var start = Executable.StartInfo("singer-run");
        foreach (var arg in new[] { "--tap", slowTap, "--target", target, "--state-id", "dev:busy", "--state-backend", _dir.Backend })
        {
            start.ArgumentList.Add(arg);
        }
        start.RedirectStandardError = true;
        using var holder = Process.Start(start)!;
        try
        {
            await WaitForAsync(() => File.Exists(Path.Combine(_dir.Path, "state", "dev:busy", ".singer-run.holder")));

            var second = await RunDirectory.RunAsync("--tap", slowTap, "--target", target, "--state-id", "dev:busy", "--state-backend", _dir.Backend);

            second.ExitCode.Should().Be(1);
            second.Stderr.Should().MatchRegex($"state id 'dev:busy' is locked by another run: pid {holder.Id} on .+ since \\d{{4}}-\\d\\d-\\d\\dT");
        }
        finally
        {
            holder.Kill(entireProcessTree: true);
            await holder.WaitForExitAsync();
        }

        // Killed with SIGKILL, the holder leaves no lock behind: the kernel released it.
        var after = await RunDirectory.RunAsync("--tap", "true", "--target", "cat", "--state-id", "dev:busy", "--state-backend", _dir.Backend);
        after.ExitCode.Should().Be(0, after.Stderr);
    }

    [Fact]
    public async Task WhileARunHoldsTheLock_MeltanosLockFileIsKeptFresh_ThenRemoved()
    {
        var tap = _dir.Script("tap", "sleep 8");
        await using var holder = new HolderProcess("--tap", tap, "--target", "cat", "--state-id", "dev:m", "--state-backend", _dir.Backend);
        var meltanoLock = Path.Combine(_dir.Path, "state", "dev:m", "lock");
        double? WrittenAt() => File.Exists(meltanoLock) && File.ReadAllText(meltanoLock) is { Length: > 0 } text
            ? double.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;

        await WaitForAsync(() => WrittenAt() is not null);
        var first = WrittenAt()!.Value;
        first.Should().BeApproximately(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0, 30, "it holds the time as Unix seconds");
        await WaitForAsync(() => WrittenAt() > first);

        await holder.Stderr;
        File.Exists(meltanoLock).Should().BeFalse();
    }

    [Fact]
    public async Task TheTapFails_TheTargetLoadsWhatItGot_ItsStateIsStored_RunFails()
    {
        var (tap, target) = await PipelineAsync();
        // The real tap's output, then a failure: the target commits the records and writes their state.
        var failing = _dir.Script("failing-tap", $"{tap} \"$@\"\necho 'CRITICAL lost the connection' >&2\nexit 3");

        var result = await RunDirectory.RunAsync("--tap", failing, "--target", target, "--state-id", "dev:tapfail", "--state-backend", _dir.Backend);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("the tap failed (tap exit 3, target exit 0)").And.Contain("the tap's last line: CRITICAL lost the connection");
        result.Stderr.Should().Contain("tap | CRITICAL lost the connection");
        (await RowsAsync()).Should().Equal("1=10.10", "2=20.20");
        File.Exists(_dir.StateFile("dev:tapfail")).Should().BeTrue();
    }

    [Fact]
    public async Task TheTargetFails_TheTapIsStopped_TheStoredStateIsUnchanged()
    {
        var (tap, _) = await PipelineAsync();
        (await RunDirectory.RunAsync("state", "set", "dev:targetfail", """{"singer_state": {"bookmarks": {"keep": 1}}}""", "--state-backend", _dir.Backend)).ExitCode.Should().Be(0);
        var failing = _dir.Script("failing-target", "head -c 10 > /dev/null\necho 'CRITICAL disk full' >&2\nexit 1");

        var result = await RunDirectory.RunAsync("--tap", tap, "--target", failing, "--state-id", "dev:targetfail", "--state-backend", _dir.Backend);

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("the target failed").And.Contain("target exit 1").And.Contain("the stored state is unchanged").And.Contain("CRITICAL disk full");
        (await File.ReadAllTextAsync(_dir.StateFile("dev:targetfail"))).Trim().Should().Be("""{"completed":{"singer_state":{"bookmarks":{"keep":1}}},"partial":{}}""");
    }

    [Fact]
    public async Task Sigterm_TheTapStops_TheTargetLoadsWhatItGot_ItsStateIsStored()
    {
        var (_, target) = await PipelineAsync();
        var messages = _dir.Write("messages.jsonl", new SingerStream()
            .Schema("orders", """{"id": {"type": "integer"}, "total": {"type": "number"}, "updated": {"type": "integer"}}""", "id")
            .Record("orders", """{"id": 7, "total": 7.70, "updated": 7}""")
            .State("""{"bookmarks": {"orders": {"replication_key_value": 7}}}""").ToString());
        var slowTap = _dir.Script("slow-tap", $"cat {RunDirectory.Quote(messages)}\nexec sleep 60");
        var start = Executable.StartInfo("singer-run");
        foreach (var arg in new[] { "--tap", slowTap, "--target", target, "--state-id", "dev:term", "--state-backend", _dir.Backend })
        {
            start.ArgumentList.Add(arg);
        }
        start.RedirectStandardError = true;
        using var run = Process.Start(start)!;
        var stderr = run.StandardError.ReadToEndAsync();
        await WaitForAsync(() => File.Exists(Path.Combine(_dir.Path, "state", "dev:term", ".singer-run.holder")));
        await Task.Delay(2000);

        using (var kill = Process.Start("kill", ["-TERM", run.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
        {
            await kill.WaitForExitAsync();
        }
        using var wait = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await run.WaitForExitAsync(wait.Token);

        (await stderr).Should().Contain("stopping: the tap is asked to stop");
        (await RowsAsync()).Should().Equal("7=7.70");
        (await File.ReadAllTextAsync(_dir.StateFile("dev:term"))).Trim()
            .Should().Be("""{"completed":{"singer_state":{"bookmarks":{"orders":{"replication_key_value":7}}}},"partial":{}}""");
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(100);
        }
        condition().Should().BeTrue("the first run should have taken the lock within a minute");
    }
}
