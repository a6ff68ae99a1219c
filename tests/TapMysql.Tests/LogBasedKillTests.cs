using System.Diagnostics;
using System.Text.Json.Nodes;

namespace TapMysql.Tests;

/// <summary>
/// A LOG_BASED run killed with SIGKILL at several points, then resumed from the last STATE it wrote: the
/// records before that STATE plus the resumed run's records are exactly the uninterrupted run's, in order.
/// </summary>
public sealed class LogBasedKillTests : LogBasedTest
{
    [Fact]
    public async Task Run_KilledAnywhereThenResumedFromLastState_NoChangeLostOrRepeated()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT, note VARCHAR(40));");
        var (config, catalog) = await SetUpAsync(new JsonObject { ["export_batch_rows"] = 50 });
        var first = await RunAsync(config, catalog);
        first.ExitCode.Should().Be(0, first.Stderr);
        var start = TapRun.LastState(first.Stdout);
        await MakeChangesAsync();

        var whole = await RunAsync(config, catalog, start);
        whole.ExitCode.Should().Be(0, whole.Stderr);
        var expected = RecordsOf(whole.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        expected.Should().HaveCount(1200 + 3 * 300 + 200);

        var random = new Random(12);
        foreach (var killAfter in new[] { 3, random.Next(10, 600), random.Next(600, 1500), random.Next(1500, 2290) })
        {
            var lines = await RunAndKillAsync(config, catalog, start, killAfter);
            var lastState = lines.FindLastIndex(l => l.StartsWith("{\"type\":\"STATE\"", StringComparison.Ordinal));
            var kept = lastState < 0 ? [] : lines.Take(lastState + 1).ToList();
            var state = lastState < 0 ? start : JsonNode.Parse(kept[^1])!["value"]!.AsObject();

            var resumed = await RunAsync(config, catalog, state);

            resumed.ExitCode.Should().Be(0, resumed.Stderr);
            var combined = RecordsOf(kept).Concat(RecordsOf(resumed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))).ToList();
            combined.Should().Equal(expected, $"killed after {killAfter} lines, resumed from its STATE at line {lastState + 1}");
        }
    }

    /// <summary>1,200 single-row transactions, three 300-row UPDATE transactions, a 200-row DELETE.</summary>
    private async Task MakeChangesAsync()
    {
        var inserts = string.Join("\n", Enumerable.Range(1, 1200).Select(i => $"INSERT INTO t VALUES ({i}, {i}, 'row {i}');"));
        await Db.ExecuteAsync(inserts);
        for (var round = 1; round <= 3; round++)
        {
            await Db.ExecuteAsync($"UPDATE t SET v = v + {round} WHERE id <= 300;");
        }
        await Db.ExecuteAsync("DELETE FROM t WHERE id > 1000;");
    }

    /// <summary>The records as JSON without time_extracted (the only field that differs between runs).</summary>
    private static List<string> RecordsOf(IEnumerable<string> lines) =>
        lines.Select(l => JsonNode.Parse(l)!.AsObject())
            .Where(m => (string)m["type"]! == "RECORD")
            .Select(m => { m.Remove("time_extracted"); return m.ToJsonString(); })
            .ToList();

    /// <summary>Runs the tap and kills it (SIGKILL) once it has written <paramref name="killAfter"/> lines; returns the lines read.</summary>
    private async Task<List<string>> RunAndKillAsync(string config, string catalog, JsonObject state, int killAfter)
    {
        var start = Executable.StartInfo("tap-mysql");
        foreach (var arg in new[] { "--config", config, "--catalog", catalog, "--state", Db.WriteFile($"kill-{killAfter}.json", state.ToJsonString()) })
        {
            start.ArgumentList.Add(arg);
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var lines = new List<string>();
        while (lines.Count < killAfter && await process.StandardOutput.ReadLineAsync() is { } line)
        {
            lines.Add(line);
        }
        if (!process.HasExited)
        {
            process.Kill();
        }
        await process.WaitForExitAsync();
        await stderr;
        return lines;
    }
}
