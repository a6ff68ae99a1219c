using System.Diagnostics;
using Xunit.Abstractions;

namespace Reliability.Tests;

/// <summary>
/// tap-mysql FULL_TABLE into target-postgres under singer-run with a file state backend: singer-run's target child, or
/// singer-run with its whole process tree (a pod killed), SIGKILLed at seeded random times, then singer-run started
/// again with the same state id until a run completes. The table then equals a clean run's.
/// </summary>
public sealed class SingerRunFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly MysqlDatabase _mysql = new();
    private readonly string _backend = Directory.CreateTempSubdirectory("reliability-singer-run-").FullName;

    public Task InitializeAsync() => _mysql.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _mysql.DisposeAsync();
        Directory.Delete(_backend, recursive: true);
    }

    [Fact]
    public async Task SingerRun_TargetOrRunnerKilledThenRunAgain_TableEqualsACleanRun()
    {
        var source = new MysqlItems(_mysql, "FULL_TABLE");
        await source.CreateAsync();
        await using var clean = await Destinations.CreateAsync("target-postgres");
        await using var faulted = await Destinations.CreateAsync("target-postgres");
        var timer = Stopwatch.StartNew();
        var cleanRun = await Executable.RunAsync("singer-run", Arguments(source, clean, "clean"));
        cleanRun.ExitCode.Should().Be(0, cleanRun.Stderr);
        var cleanMs = (int)timer.ElapsedMilliseconds;
        var plan = new FaultPlan("singer-run tap-mysql FULL_TABLE | target-postgres");

        var faults = new List<string>();
        for (var run = 0; run < plan.Runs; run++)
        {
            var victim = run % 2 == 0 ? "target child" : "singer-run and its children";
            var delay = plan.Delay(cleanMs);
            faults.Add($"SIGKILL {victim} after {delay} ms");
            await RunAndKillAsync(Arguments(source, faulted, "faulted"), delay, killTargetOnly: run % 2 == 0);
        }
        var why = $"{plan.Pair}, SINGERNET_FAULT_SEED={plan.Seed}, faults: [{string.Join("; ", faults)}]";
        var last = await Executable.RunAsync("singer-run", Arguments(source, faulted, "faulted"));
        last.ExitCode.Should().Be(0, "{0}: the run after the faults must succeed: {1}", why, last.Stderr);

        output.WriteLine(why);
        var expected = (await source.RowsAsync()).Select(r => r.ToString()).ToList();
        (await clean.RowsAsync()).Select(r => r.ToString()).Should().Equal(expected, "the clean run loads the table");
        var rows = await faulted.RowsAsync();
        rows.Select(r => r.ToString()).Should().Equal(expected, why);
        rows.Sum(r => r.Amount).Should().Be(await source.SumAsync(), why);
        (await faulted.DuplicatesAsync()).Should().Be(0, why);
    }

    private string[] Arguments(MysqlItems source, Destination destination, string stateId)
    {
        var tap = source.Tap(null);
        var target = destination.Target();
        return ["--tap", Executable.ShellCommand(tap.Name, tap.Args), "--target", Executable.ShellCommand(target.Name, target.Args),
            "--state-id", stateId, "--state-backend", "file://" + _backend];
    }

    /// <summary>Starts singer-run and SIGKILLs its target (or all of it) after <paramref name="delayMs"/>, unless it finished first.</summary>
    private static async Task RunAndKillAsync(string[] arguments, int delayMs, bool killTargetOnly)
    {
        var start = Executable.StartInfo("singer-run");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.RedirectStandardError = true;
        using var runner = Process.Start(start)!;
        var stderr = runner.StandardError.ReadToEndAsync();
        var descendants = new List<(int Pid, string CommandLine)>();
        await Task.Delay(delayMs);
        if (!runner.HasExited)
        {
            descendants = ProcessTree.Descendants(runner.Id);
            if (killTargetOnly)
            {
                foreach (var (pid, commandLine) in descendants.Where(d => d.CommandLine.Contains("target-postgres", StringComparison.Ordinal)))
                {
                    ProcessTree.Kill(pid, commandLine);
                }
            }
            else
            {
                runner.Kill(entireProcessTree: true);
            }
        }
        await runner.WaitForExitAsync();
        await stderr;
        // The next run must not meet a stage of this one still loading: a killed pod takes every process with it.
        foreach (var (pid, commandLine) in descendants)
        {
            ProcessTree.Kill(pid, commandLine);
        }
    }
}
