using System.Globalization;
using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>
/// A target killed mid-stream, then fed again from the last state it printed (as a tap resumes from
/// it), ends with exactly the table a run without the crash makes: printed states are safe and loads
/// are idempotent upserts.
/// </summary>
public abstract class CrashRerunTests(WarehouseDatabase db) : WarehouseTest(db)
{
    private const int Records = 5000;
    private const int StateEvery = 500;
    private const int Keys = 3000;
    private static readonly string[] Columns = ["id", "seq", "name", "amount", "at"];

    private const string Properties = """
        {"id": {"type": "integer"}, "seq": {"type": "integer"}, "name": {"type": ["null", "string"]},
         "amount": {"type": ["null", "number"], "multipleOf": 0.01}, "at": {"type": ["null", "string"], "format": "date-time"}}
        """;

    /// <summary>
    /// What the tap sends from <paramref name="position"/> on: record n has key (n - 1) % 3000 + 1, so the
    /// last 2000 records update keys loaded before; a STATE {"position": n} follows every 500th record.
    /// </summary>
    private static SingerStream TapOutput(string stream, int position = 0)
    {
        var output = new SingerStream().Schema(stream, Properties, "id");
        for (var n = position + 1; n <= Records; n++)
        {
            var at = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(n * 61.000001).ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
            output.Record(stream, $$"""{"id": {{(n - 1) % Keys + 1}}, "seq": {{n}}, "name": "record {{n}} ✓", "amount": {{n}}.{{n % 100:00}}, "at": "{{at}}"}""");
            if (n % StateEvery == 0)
            {
                output.State($$"""{"position": {{n}}}""");
            }
        }
        return output;
    }

    [Fact]
    public async Task Load_KilledAfterSecondStateThenReplayedFromIt_TableEqualsACleanRun()
    {
        var config = new JsonObject { ["batch_size_rows"] = 1000 };
        var clean = await Db.LoadAsync(TapOutput("clean"), config);
        clean.ExitCode.Should().Be(0, clean.Stderr);

        var states = await LoadUntilKilledAsync(TapOutput("crashed"), config, statesBeforeKill: 2);

        // State 500 is printed once the first batch (records 1-1000) is in, state 1000 right after it;
        // records 1001-1999 were still pending when the process died.
        states.Should().Equal("""{"position":500}""", """{"position":1000}""");
        (await Db.CountAsync("crashed")).Should().Be(1000);
        var position = (int)JsonNode.Parse(states[^1])!["position"]!;
        var rerun = await Db.LoadAsync(TapOutput("crashed", position), config);
        rerun.ExitCode.Should().Be(0, rerun.Stderr);
        StdoutLines(rerun)[^1].Should().Be("""{"position":5000}""");
        var expected = await ContentsAsync("clean");
        expected.Should().HaveCount(Keys);
        (await ContentsAsync("crashed")).Should().Equal(expected);
    }

    /// <summary>
    /// Feeds the target the stream up to just before the record that would end its second batch, reads
    /// the states it prints, and kills it (SIGKILL) once it has printed <paramref name="statesBeforeKill"/>.
    /// </summary>
    private async Task<List<string>> LoadUntilKilledAsync(SingerStream stream, JsonObject config, int statesBeforeKill)
    {
        using var process = Db.Start(config);
        var stderr = process.StandardError.ReadToEndAsync();
        var fed = stream.Lines.TakeWhile(l => !l.Contains("\"seq\":2000,", StringComparison.Ordinal));
        await process.StandardInput.WriteAsync(string.Concat(fed.Select(l => l + "\n")));
        await process.StandardInput.FlushAsync();
        var states = new List<string>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (states.Count < statesBeforeKill)
        {
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            line.Should().NotBeNull("the target printed {0} states and exited: {1}", states.Count, process.HasExited ? await stderr : "");
            states.Add(line!);
        }
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        return states;
    }

    /// <summary>The whole table, sorted by key, a row per line of text.</summary>
    private async Task<List<string>> ContentsAsync(string table) =>
        (await Db.RowsAsync(table, "id", Columns)).Select(r => string.Join(" | ", r)).ToList();
}
