using System.Diagnostics;
using System.Runtime.InteropServices;

namespace SingerRun;

/// <summary>
/// One process of a pipeline, run as <c>/bin/sh -c 'exec COMMAND "$@"' sh ARGS…</c>: the user's command line with its
/// quoting and $VARIABLES as a shell reads it, extra arguments (--state FILE) appended safely, and, through exec, the
/// process itself at the pid we signal. Its stderr is passed on line by line with the stage's name in front, and its
/// last lines are kept for the failure message.
/// </summary>
internal sealed partial class Stage : IDisposable
{
    private const int LinesKept = 20;
    private const int Terminate = 15; // SIGTERM
    private readonly Queue<string> _lastLines = new();
    private readonly Task _stderr;

    private readonly string _prefix;

    /// <param name="label">Put before the name on passed-on stderr lines (the pipeline, when several run at once).</param>
    public Stage(string name, string commandLine, IReadOnlyList<string> extraArgs, string? label = null)
    {
        Name = name;
        _prefix = label is null ? name : $"{label} {name}";
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec " + commandLine + " \"$@\"");
        start.ArgumentList.Add("sh");
        foreach (var arg in extraArgs)
        {
            start.ArgumentList.Add(arg);
        }
        Process = Process.Start(start) ?? throw new InvalidOperationException($"could not start the {name}");
        _stderr = PassStderrAsync();
    }

    public string Name { get; }

    public Process Process { get; }

    /// <summary>The last lines the stage wrote to stderr, oldest first.</summary>
    public IReadOnlyList<string> LastLines
    {
        get
        {
            lock (_lastLines)
            {
                return [.. _lastLines];
            }
        }
    }

    /// <summary>Asks the process to stop (SIGTERM), so it can finish what it holds; nothing when it has exited.</summary>
    public void Stop()
    {
        if (!Process.HasExited)
        {
            _ = SendSignal(Process.Id, Terminate);
        }
    }

    /// <summary>Waits for the exit and for the last stderr line; the exit code.</summary>
    public async Task<int> WaitAsync()
    {
        await Process.WaitForExitAsync();
        await _stderr;
        return Process.ExitCode;
    }

    private async Task PassStderrAsync()
    {
        while (await Process.StandardError.ReadLineAsync() is { } line)
        {
            // Masked as our own log lines are: a plugin printing its config must not show a secret the project holds.
            await Console.Error.WriteLineAsync($"{_prefix} | {Singer.Sdk.SecretRedactor.Redact(line)}");
            lock (_lastLines)
            {
                _lastLines.Enqueue(line);
                if (_lastLines.Count > LinesKept)
                {
                    _lastLines.Dequeue();
                }
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int SendSignal(int pid, int signal);

    public void Dispose() => Process.Dispose();
}
