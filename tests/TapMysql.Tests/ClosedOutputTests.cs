namespace TapMysql.Tests;

/// <summary>A reader that stops reading (a target that died, <c>| head -1</c>) ends the tap's run at once, as a failure.</summary>
public sealed class ClosedOutputTests : MysqlTest
{
    private const int TableRows = 200_000;

    [Fact]
    public async Task Sync_ReaderClosesAfterFirstLine_StopsWithOneLineAndExitsNonZero()
    {
        // ~25 MB of RECORD lines: far more than a pipe holds, so the scan would go on long after the reader left.
        await Db.ExecuteAsync($"CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(100)); INSERT INTO big SELECT seq, REPEAT('x', 100) FROM seq_1_to_{TableRows};");
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config);
        var start = Executable.StartInfo("tap-mysql");
        foreach (var arg in new[] { "--config", config, "--catalog", catalog })
        {
            start.ArgumentList.Add(arg);
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var tap = System.Diagnostics.Process.Start(start)!;
        var stderr = tap.StandardError.ReadToEndAsync();

        var first = await tap.StandardOutput.ReadLineAsync();
        tap.StandardOutput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await tap.WaitForExitAsync(deadline.Token);

        first.Should().Be($$$"""{"type":"STATE","value":{"currently_syncing":"{{{Db.Name}}}-big"}}""");
        var log = await stderr;
        tap.ExitCode.Should().Be(1, log);
        log.Split('\n').Where(l => l.StartsWith("CRITICAL", StringComparison.Ordinal)).Should().Equal("CRITICAL output closed by the reader");
        log.Should().NotContain("succeeded");
        log.Should().Contain("\"status\": \"failed\"");
    }
}
