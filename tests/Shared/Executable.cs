using System.Diagnostics;

namespace SingerNet.Tests;

/// <summary>The result of running a SingerNet executable as a user would.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr);

/// <summary>
/// Runs a SingerNet executable as a separate process: the published one in ./bin when scripts/build.sh
/// made it (what users run), else the build output next to the tests (`dotnet name.dll`).
/// </summary>
public static class Executable
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static async Task<ProcessResult> RunAsync(string name, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = StartInfo(name);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable] = value;
        }
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {name}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{name} {string.Join(' ', args)} did not finish in time");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>How to start <paramref name="name"/>, for tests that drive the process themselves (feed stdin slowly, kill it).</summary>
    public static ProcessStartInfo StartInfo(string name)
    {
        var published = Path.Combine(RepoRoot, "bin", name);
        if (File.Exists(published))
        {
            return new ProcessStartInfo(published);
        }
        var built = Path.Combine(AppContext.BaseDirectory, name + ".dll");
        if (File.Exists(built))
        {
            var info = new ProcessStartInfo("dotnet");
            info.ArgumentList.Add(built);
            return info;
        }
        throw new FileNotFoundException($"{name} is neither in {RepoRoot}/bin (run scripts/build.sh) nor next to the tests");
    }

    /// <summary>The command line of <paramref name="name"/> with <paramref name="args"/>, quoted for /bin/sh.</summary>
    public static string ShellCommand(string name, params IEnumerable<string> args)
    {
        var start = StartInfo(name);
        return string.Join(' ', new[] { start.FileName }.Concat(start.ArgumentList).Concat(args).Select(ShellQuote));
    }

    /// <summary><paramref name="text"/> as one /bin/sh word, whatever it holds.</summary>
    public static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Runs executables as one shell pipeline with pipefail, the last one's stdout discarded; the exit code and every side's stderr.</summary>
    public static async Task<(int ExitCode, string Stderr)> PipeAsync(params (string Name, string[] Args)[] stages)
    {
        var commands = stages.Select(stage => ShellCommand(stage.Name, stage.Args));
        var info = new ProcessStartInfo("bash", ["-c", "set -o pipefail; " + string.Join(" | ", commands) + " > /dev/null"])
        {
            RedirectStandardError = true,
        };
        using var shell = Process.Start(info) ?? throw new InvalidOperationException("could not start bash");
        var stderr = await shell.StandardError.ReadToEndAsync();
        await shell.WaitForExitAsync();
        return (shell.ExitCode, stderr);
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SingerNet.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("SingerNet.sln not found above " + AppContext.BaseDirectory);
    }
}
