namespace Reliability.Tests;

/// <summary>
/// Runs a pipe again and again as a user (or singer-run) would after crashes: each run starts from the last whole STATE
/// line the target printed, each but the last is cut by a fault, the victims alternate target, tap, target, ...
/// </summary>
public static class Convergence
{
    /// <param name="pipe">The pipe that starts from a state (null: from the beginning).</param>
    /// <param name="outputBytes">Per run, about how many bytes the tap writes, so the fault lands inside the output.</param>
    /// <param name="beforeRun">Work done at the source before each run (changes for the binlog).</param>
    /// <param name="log">Told how each run ended and the state the next one starts from (the test's output).</param>
    /// <param name="finalRuns">
    /// Whole runs after the faults: 1, or 2 for LOG_BASED, whose run that finishes an interrupted initial copy leaves the
    /// changes made since the copy began to the next run (they are in the binlog from the position the copy noted).
    /// </param>
    public static async Task<List<Fault>> RunAsync(FaultPlan plan, Func<string?, (Command Tap, Command Target)> pipe, Func<int, long> outputBytes,
        Action<string> log, Func<int, Task>? beforeRun = null, int finalRuns = 1)
    {
        string? state = null;
        var faults = new List<Fault>();
        for (var run = 0; run < plan.Runs; run++)
        {
            if (beforeRun is not null)
            {
                await beforeRun(run);
            }
            var fault = plan.Next(run % 2 == 0 ? Victim.Target : Victim.Tap, outputBytes(run));
            faults.Add(fault);
            var (tap, target) = pipe(state);
            var outcome = await Pipe.RunAsync(tap, target, fault);
            if (!outcome.Killed)
            {
                outcome.Succeeded.Should().BeTrue("{0}: a run that ended before its fault must succeed: {1}", plan.Describe(faults), outcome);
            }
            state = outcome.LastState ?? state;
            log($"{fault}: {outcome}; next state: {state}");
        }
        for (var run = 0; run < finalRuns; run++)
        {
            var (lastTap, lastTarget) = pipe(state);
            var last = await Pipe.RunAsync(lastTap, lastTarget);
            last.Succeeded.Should().BeTrue("{0}: the runs after the faults must succeed: {1}", plan.Describe(faults), last);
            state = last.LastState ?? state;
        }
        return faults;
    }
}
