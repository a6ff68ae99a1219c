using System.Diagnostics;
using Microsoft.AspNetCore.Http;

namespace TapRest.Tests;

/// <summary>
/// Pages read ahead of the records being written. A reader of stdout that stops reading (a target busy loading a batch)
/// while the tap has the next page requested: the page is answered at once, and the tap must take it in even though it
/// cannot write, so the pause costs no timeout, no retry and no record. A page that fails after pages read ahead: their
/// records all go out first, then the error, as one page at a time.
/// </summary>
public sealed class SlowReaderTests
{
    private const int Pages = 12;
    private const int PerPage = 400;

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task ReaderPausingLongerThanRequestTimeout_NoRetryNoLoss(int parallelRequests)
    {
        await using var api = await TestApi.StartAsync(context =>
        {
            var page = int.TryParse(context.Request.Query["page"], out var n) ? n : 1;
            var records = Enumerable.Range((page - 1) * PerPage + 1, PerPage)
                .Select(id => $$"""{"id": {{id}}, "text": "{{new string('x', 200)}} {{id}}"}""");
            return TestApi.Json(context, $$"""{"data": [{{string.Join(", ", records)}}], "hasMore": {{(page < Pages ? "true" : "false")}}}""");
        });
        var folder = Directory.CreateTempSubdirectory("tap-rest-slow-reader-");
        try
        {
            var configPath = Path.Combine(folder.FullName, "config.json");
            await File.WriteAllTextAsync(configPath, $$"""
                {"api_url": "{{api.Url}}", "request_timeout": 1, "max_retries": 0, "parallel_requests": {{parallelRequests}}, "pagination_request_style": "page_number_paginator",
                 "streams": [{"name": "s", "path": "/s", "records_path": "$.data[*]", "primary_keys": ["id"],
                   "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "text": {"type": "string"} } } }]}
                """);
            var start = Executable.StartInfo("tap-rest");
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(configPath);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();

            // Nothing read for three times the request timeout: the pipe fills within the first page, and the second
            // page has been asked for meanwhile.
            await Task.Delay(TimeSpan.FromSeconds(3));
            api.Requests.Count.Should().BeGreaterThanOrEqualTo(2, "the tap reads a page ahead while it writes one");
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            process.ExitCode.Should().Be(0, await stderr);
            (await stderr).Should().NotContain("retry").And.NotContain("no answer");
            var ids = output.Split('\n').Where(l => l.StartsWith("{\"type\":\"RECORD\"", StringComparison.Ordinal))
                .Select(l => TapRun.Json(l)["record"]!["id"]!.GetValue<int>()).ToArray();
            ids.Should().Equal(Enumerable.Range(1, Pages * PerPage));
            api.Requests.Select(r => r.PathAndQuery).Should().OnlyHaveUniqueItems();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task PageFailing_AfterPagesReadAhead_EndsAfterAllTheirRecords()
    {
        await using var api = await TestApi.StartAsync(context =>
        {
            var page = int.TryParse(context.Request.Query["page"], out var n) ? n : 1;
            if (page == 6)
            {
                return TestApi.Json(context, """{"message": "gone"}""", 404);
            }
            var records = Enumerable.Range((page - 1) * PerPage + 1, PerPage).Select(id => $$"""{"id": {{id}}}""");
            return TestApi.Json(context, $$"""{"data": [{{string.Join(", ", records)}}], "hasMore": true}""");
        });

        var result = await TapRun.RunAsync($$"""
            {"api_url": "{{api.Url}}", "max_retries": 0, "pagination_request_style": "page_number_paginator",
             "streams": [{"name": "s", "path": "/s", "records_path": "$.data[*]", "schema": {"type": "object", "properties": {"id": {"type": "integer"} } } }]}
            """);

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be($"CRITICAL stream 's': GET {api.Url}/s?page=6 failed: HTTP 404 Not Found: {{\"message\": \"gone\"}}");
        TapRun.Records(result.Stdout).Select(l => TapRun.Json(l)["record"]!["id"]!.GetValue<int>()).Should().Equal(Enumerable.Range(1, 5 * PerPage));
        api.Requests.Select(r => r.PathAndQuery).Should().Equal("/s", "/s?page=2", "/s?page=3", "/s?page=4", "/s?page=5", "/s?page=6");
    }
}
