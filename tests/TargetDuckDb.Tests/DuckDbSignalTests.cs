using System.Diagnostics;

namespace TargetDuckDb.Tests;

/// <summary>A target stopped by SIGTERM while its input pipe stays open exits by itself instead of hanging the pipeline.</summary>
public sealed class DuckDbSignalTests : IAsyncLifetime
{
    private readonly DuckDbDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Sigterm_WhileWaitingOnOpenStdin_ExitsPromptlyAsInterrupted()
    {
        var config = Path.Combine(_db.Directory, "signal.json");
        await File.WriteAllTextAsync(config, $$"""{"path": "{{_db.Path.Replace("\\", "\\\\", StringComparison.Ordinal)}}"}""");
        var start = Executable.StartInfo("target-duckdb");
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(config);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var target = Process.Start(start)!;
        var stderr = target.StandardError.ReadToEndAsync();
        await target.StandardInput.WriteLineAsync("""{"type": "STATE", "value": {"n": 1}}""");
        await target.StandardInput.FlushAsync();
        await Task.Delay(TimeSpan.FromSeconds(1));

        using (var kill = Process.Start("kill", ["-TERM", target.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await target.WaitForExitAsync(deadline.Token);

        // The read of the silent stdin cannot be cancelled, but it runs on a thread of its own that the run leaves
        // behind: the target stops as interrupted, without waiting out the 10 s escape hatch.
        target.ExitCode.Should().Be(130);
        var log = await stderr;
        log.Should().Contain("CRITICAL interrupted");
        log.Should().NotContain("still running 10 s after SIGTERM");
    }
}
