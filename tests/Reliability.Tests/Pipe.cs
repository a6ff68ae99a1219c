using System.Diagnostics;

namespace Reliability.Tests;

/// <summary>An executable and its arguments: one side of a pipe.</summary>
public sealed record Command(string Name, IReadOnlyList<string> Args)
{
    public Process Start(bool redirectInput)
    {
        var start = Executable.StartInfo(Name);
        foreach (var arg in Args)
        {
            start.ArgumentList.Add(arg);
        }
        start.RedirectStandardInput = redirectInput;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return Process.Start(start) ?? throw new InvalidOperationException($"could not start {Name}");
    }
}

/// <summary>How one run of a pipe ended: exit codes (137 for a killed side), the last STATE the target printed, stderr.</summary>
public sealed record PipeOutcome(bool Killed, int TapExit, int TargetExit, string? LastState, long Bytes, string TapStderr, string TargetStderr)
{
    public bool Succeeded => TapExit == 0 && TargetExit == 0;

    public override string ToString() =>
        $"tap exit {TapExit}, target exit {TargetExit} after {Bytes} bytes; tap stderr: {TapStderr.Trim()}; target stderr: {TargetStderr.Trim()}";
}

/// <summary>
/// <c>tap | target</c> with the pipe in the test, so a <see cref="Fault"/> can cut it at an exact byte: the tap's
/// output is copied to the target's input chunk by chunk and the victim is SIGKILLed where the fault says. A killed
/// target takes the tap with it (a real tap dies of EPIPE); a killed tap leaves the target to read the end of its
/// input, cut line included, as it would from a shell pipe.
/// </summary>
public static class Pipe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<PipeOutcome> RunAsync(Command tap, Command target, Fault? fault = null)
    {
        using var tapProcess = tap.Start(redirectInput: false);
        using var targetProcess = target.Start(redirectInput: true);
        var tapStderr = tapProcess.StandardError.ReadToEndAsync();
        var targetStderr = targetProcess.StandardError.ReadToEndAsync();
        var targetStdout = targetProcess.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Timeout);
        try
        {
            var (bytes, killed) = await PumpAsync(tapProcess, targetProcess, fault, timeout.Token);
            if (killed && fault!.Victim == Victim.Target && !tapProcess.HasExited)
            {
                tapProcess.Kill();
            }
            await Task.WhenAll(tapProcess.WaitForExitAsync(timeout.Token), targetProcess.WaitForExitAsync(timeout.Token));
            // Only whole lines count: a target killed while printing a STATE leaves half a line that no runner would store.
            var stdout = await targetStdout;
            var states = stdout[..(stdout.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return new PipeOutcome(killed, tapProcess.ExitCode, targetProcess.ExitCode, states.LastOrDefault(), bytes, await tapStderr, await targetStderr);
        }
        catch (OperationCanceledException)
        {
            tapProcess.Kill(entireProcessTree: true);
            targetProcess.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tap.Name} | {target.Name} did not finish in {Timeout}");
        }
    }

    /// <summary>Copies the tap's stdout to the target's stdin until the tap ends or the fault strikes; the bytes copied and whether it struck.</summary>
    private static async Task<(long Bytes, bool Killed)> PumpAsync(Process tap, Process target, Fault? fault, CancellationToken cancellationToken)
    {
        var source = tap.StandardOutput.BaseStream;
        var sink = target.StandardInput.BaseStream;
        var buffer = new byte[16 * 1024];
        long copied = 0;
        var killed = false;
        while (!killed)
        {
            var room = fault is null ? buffer.Length : (int)Math.Min(buffer.Length, fault.AfterBytes - copied);
            if (room == 0)
            {
                await Task.Delay(fault!.DelayMs, cancellationToken);
                (fault.Victim == Victim.Tap ? tap : target).Kill();
                killed = true;
                continue;
            }
            var read = await source.ReadAsync(buffer.AsMemory(0, room), cancellationToken);
            if (read == 0)
            {
                break;
            }
            try
            {
                await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                await sink.FlushAsync(cancellationToken);
            }
            catch (IOException)
            {
                // The target stopped reading (it failed); its exit code tells the caller.
                tap.Kill();
                return (copied, false);
            }
            copied += read;
        }
        try
        {
            target.StandardInput.Close();
        }
        catch (IOException)
        {
            // A killed target's pipe is gone already.
        }
        return (copied, killed);
    }
}
