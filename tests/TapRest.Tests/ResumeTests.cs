using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace TapRest.Tests;

/// <summary>
/// Bookmarks during a stream: the tap is killed (SIGKILL) while it waits for a page, and a second run resumes from the
/// last STATE line the first one wrote. Nothing with a key above that bookmark may be skipped.
/// </summary>
public sealed class ResumeTests
{
    /// <summary>Pages of two records each; the API filters on since (key strictly greater) and pages what is left.</summary>
    private sealed class PagedApi(int[][] pageDays)
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource StallReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>The page (1-based) that hangs until <see cref="Release"/>; 0 for none.</summary>
        public int StallPage { get; set; }

        public static string Day(int day) => $"2024-01-{day:00}T00:00:00Z";

        public async Task Handle(HttpContext context)
        {
            var since = context.Request.Query["since"].ToString();
            var page = int.TryParse(context.Request.Query["page"], out var number) ? number : 1;
            var days = pageDays.SelectMany(p => p).Where(d => since.Length == 0 || string.CompareOrdinal(Day(d)[..19], since) > 0).ToList();
            var pages = days.Chunk(2).ToList();
            if (page == StallPage)
            {
                StallReached.TrySetResult();
                await _release.Task;
            }
            var records = page <= pages.Count ? pages[page - 1] : [];
            var body = "{\"data\": [" + string.Join(", ", records.Select(d => $$"""{"id": {{d}}, "updated_at": "{{Day(d)}}"}""")) + "]"
                + (page < pages.Count ? $", \"next_page\": \"{page + 1}\"" : "") + "}";
            await TestApi.Json(context, body);
        }

        public void Release() => _release.TrySetResult();
    }

    private static string Config(string url, bool sorted) => $$"""
        {"api_url": "{{url}}", "start_date": "2023-12-01T00:00:00Z", "streams": [{"name": "t", "path": "/t", "records_path": "$.data[*]",
          "replication_key": "updated_at", "source_search_field": "since", "source_search_query": "$last_run_date", "is_sorted": {{(sorted ? "true" : "false")}},
          "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "updated_at": {"type": "string", "format": "date-time"} } } }]}
        """;

    /// <summary>Starts the tap, waits until it asks for the stalling page, kills it with SIGKILL and returns what it wrote.</summary>
    /// <summary>
    /// Runs the tap until it asks for the stalled page and has written the STATE for the pages before it (one holding
    /// <paramref name="lastStateHolds"/>), then SIGKILLs it. The tap requests the next page while it still writes the
    /// records of this one (read-ahead), so the request alone does not mean the earlier pages are out.
    /// </summary>
    private static async Task<string[]> RunUntilKilledAsync(PagedApi api, string config, string? state, string lastStateHolds)
    {
        var folder = Directory.CreateTempSubdirectory("tap-rest-kill-");
        try
        {
            var configPath = Path.Combine(folder.FullName, "config.json");
            await File.WriteAllTextAsync(configPath, config);
            var start = Executable.StartInfo("tap-rest");
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(configPath);
            if (state is not null)
            {
                var statePath = Path.Combine(folder.FullName, "state.json");
                await File.WriteAllTextAsync(statePath, state);
                start.ArgumentList.Add("--state");
                start.ArgumentList.Add(statePath);
            }
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            using var process = Process.Start(start)!;
            var lines = new List<string>();
            var stateWritten = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var stdout = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (lines)
                    {
                        lines.Add(line);
                    }
                    if (line.StartsWith("{\"type\":\"STATE\"", StringComparison.Ordinal) && line.Contains(lastStateHolds, StringComparison.Ordinal))
                    {
                        stateWritten.TrySetResult();
                    }
                }
            });
            var stderr = process.StandardError.ReadToEndAsync();
            await api.StallReached.Task.WaitAsync(TimeSpan.FromMinutes(1));
            await stateWritten.Task.WaitAsync(TimeSpan.FromMinutes(1));
            process.Kill();
            await process.WaitForExitAsync();
            api.Release();
            await stderr;
            await stdout;
            return [.. lines.Where(l => l.Length > 0)];
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static int[] Ids(IEnumerable<string> lines) =>
        lines.Where(l => l.StartsWith("{\"type\":\"RECORD\"", StringComparison.Ordinal)).Select(l => TapRun.Json(l)["record"]!["id"]!.GetValue<int>()).ToArray();

    private static string StateValue(string stateLine) => TapRun.Json(stateLine)["value"]!.ToJsonString();

    [Fact]
    public async Task Sorted_KilledMidStream_ResumesFromLastPageBookmark_NothingAboveItSkipped()
    {
        var pages = new PagedApi([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10], [11, 12]]) { StallPage = 4 };
        await using var server = await TestApi.StartAsync(pages.Handle);

        var first = await RunUntilKilledAsync(pages, Config(server.Url, sorted: true), null, "2024-01-06T00:00:00Z");

        Ids(first).Should().Equal(1, 2, 3, 4, 5, 6);
        var lastState = first.Last(l => l.StartsWith("{\"type\":\"STATE\"", StringComparison.Ordinal));
        StateValue(lastState).Should().Be("""{"bookmarks":{"t":{"replication_key":"updated_at","replication_key_value":"2024-01-06T00:00:00Z"}}}""");

        pages.StallPage = 0;
        var second = await TapRun.RunAsync(Config(server.Url, sorted: true), "--state", StateValue(lastState));

        second.ExitCode.Should().Be(0, second.Stderr);
        Ids(TapRun.Lines(second.Stdout)).Should().Equal(7, 8, 9, 10, 11, 12);
        StateValue(TapRun.LastState(second.Stdout)).Should().Be(
            """{"bookmarks":{"t":{"replication_key":"updated_at","replication_key_value":"2024-01-12T00:00:00Z"}}}""");
    }

    [Fact]
    public async Task Unsorted_KilledMidStream_StateHasOnlyProgressMarkers_ResumesFromFinalisedValue()
    {
        var pages = new PagedApi([[2, 5], [3, 7], [4, 9], [6, 8], [10, 1]]) { StallPage = 4 };
        await using var server = await TestApi.StartAsync(pages.Handle);
        const string startState = """{"bookmarks": {"t": {"replication_key": "updated_at", "replication_key_value": "2024-01-01T00:00:00Z"}}}""";

        var first = await RunUntilKilledAsync(pages, Config(server.Url, sorted: false), startState, "2024-01-09T00:00:00Z");

        // Day 1 is not above the starting bookmark, so the API leaves it out.
        Ids(first).Should().Equal(2, 5, 3, 7, 4, 9);
        var lastState = first.Last(l => l.StartsWith("{\"type\":\"STATE\"", StringComparison.Ordinal));
        StateValue(lastState).Should().Be("""{"bookmarks":{"t":{"replication_key":"updated_at","replication_key_value":"2024-01-01T00:00:00Z","progress_markers":"""
            + """{"Note":"Progress is not resumable if interrupted.","replication_key":"updated_at","replication_key_value":"2024-01-09T00:00:00Z"}}}}""");

        pages.StallPage = 0;
        var requestsBefore = server.Requests.Count;
        var second = await TapRun.RunAsync(Config(server.Url, sorted: false), "--state", StateValue(lastState));

        second.ExitCode.Should().Be(0, second.Stderr);
        server.Requests.Skip(requestsBefore).Select(r => r.PathAndQuery).First().Should().Be("/t?since=2024-01-01T00%3A00%3A00",
            "the finalised value is where a resumed run starts, not the progress marker");
        Ids(TapRun.Lines(second.Stdout)).Order().Should().Equal(2, 3, 4, 5, 6, 7, 8, 9, 10);
        StateValue(TapRun.LastState(second.Stdout)).Should().Be(
            """{"bookmarks":{"t":{"replication_key":"updated_at","replication_key_value":"2024-01-10T00:00:00Z"}}}""");
    }

    [Fact]
    public async Task Sorted_ButApiIsNot_FailsNamingTheValues_LastStateStillSafe()
    {
        var pages = new PagedApi([[1, 2], [4, 3]]);
        await using var server = await TestApi.StartAsync(pages.Handle);

        var result = await TapRun.RunAsync(Config(server.Url, sorted: true));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be("CRITICAL stream 't' is_sorted, but a record's updated_at '2024-01-03T00:00:00Z' is smaller than the one before, "
            + "'2024-01-04T00:00:00Z'; the last STATE written is still safe to resume from (set is_sorted false if the API does not return records in that order)");
        StateValue(TapRun.LastState(result.Stdout)).Should().Be(
            """{"bookmarks":{"t":{"replication_key":"updated_at","replication_key_value":"2024-01-02T00:00:00Z"}}}""");
    }
}
