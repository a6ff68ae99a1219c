using System.Diagnostics;

namespace SingerRun.Tests;

/// <summary>A singer-run started in the background to hold a state id's lock (its tap sleeps), for lock tests.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class HolderProcess : IAsyncDisposable
{
    private readonly Process _process;

    public HolderProcess(params string[] args)
    {
        var start = Executable.StartInfo("singer-run");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.RedirectStandardError = true;
        _process = Process.Start(start)!;
        Stderr = _process.StandardError.ReadToEndAsync();
    }

    public int Id => _process.Id;

    public Task<string> Stderr { get; }

    /// <summary>SIGKILL, as a crashed machine or the OOM killer would: no cleanup runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        for (var i = 0; i < 600; i++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(100);
        }
        (await condition()).Should().BeTrue(what + " within a minute");
    }

    /// <summary>Reruns until one succeeds (a stale lock is taken over once its lease runs out); that run.</summary>
    public static async Task<ProcessResult> RerunUntilItRunsAsync(params string[] args)
    {
        ProcessResult result = null!;
        for (var i = 0; i < 30; i++)
        {
            result = await RunDirectory.RunAsync(args);
            if (result.ExitCode == 0)
            {
                return result;
            }
            result.Stderr.Should().Contain("is locked by another run");
            await Task.Delay(1000);
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }
}
