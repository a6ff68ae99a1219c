namespace Reliability.Tests;

/// <summary>
/// What every outage test asks of a run a server outage hit: it rode the outage out, or the side that met it stopped
/// with exit 1, one CRITICAL line and no stack trace; then, once the server is back, a rerun from the last STATE the
/// target printed succeeds. The test compares the destination with the source afterwards.
/// </summary>
public static class OutageRun
{
    /// <param name="side">The process talking to the server that went away.</param>
    /// <param name="criticalLine">Asserts what the CRITICAL line says (the server it names).</param>
    /// <param name="rerun">The pipe again, from a state.</param>
    public static async Task RerunIfItFailedAsync(PipeOutcome outcome, Victim side, Action<string> criticalLine, OutageProxy proxy,
        Func<string?, Task<PipeOutcome>> rerun)
    {
        if (outcome.Succeeded)
        {
            return;
        }
        (side == Victim.Tap ? outcome.TapExit : outcome.TargetExit).Should().Be(1, outcome.ToString());
        var stderr = side == Victim.Tap ? outcome.TapStderr : outcome.TargetStderr;
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        criticalLine(lines.Should().ContainSingle(l => l.StartsWith("CRITICAL ", StringComparison.Ordinal), outcome.ToString()).Which);
        lines.Should().NotContain(l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal), "no stack trace without --verbose");
        await proxy.BackAsync();
        var again = await rerun(outcome.LastState);
        again.Succeeded.Should().BeTrue(again.ToString());
    }
}
