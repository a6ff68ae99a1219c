namespace SingerRun.Tests;

/// <summary>A temp directory for one test: the state backend, scripts standing in for failing taps and targets.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // shell scripts and file modes: singer-run runs its stages with /bin/sh
public sealed class RunDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "singer-run-" + Guid.NewGuid().ToString("N")[..12]);

    public RunDirectory() => Directory.CreateDirectory(Path);

    public string Backend => "file://" + System.IO.Path.Combine(Path, "state");

    public string StateFile(string stateId) => System.IO.Path.Combine(Path, "state", stateId, "state.json");

    /// <summary>Writes an executable shell script; its path.</summary>
    public string Script(string name, string body)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public string Write(string name, string content)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>The command line of one of our executables, as singer-run's --tap/--target take it.</summary>
    public static string Command(string name, params string[] args) => Executable.ShellCommand(name, args);

    public static string Quote(string text) => Executable.ShellQuote(text);

    public static Task<ProcessResult> RunAsync(params string[] args) => Executable.RunAsync("singer-run", args);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
