using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace TapRest.Tests;

/// <summary>parallel_requests: pages fetched ahead, records still in page order, the end and errors as one at a time.</summary>
public sealed class ParallelRequestsTests
{
    private static string Config(string url, string style, int parallel, string extra = "") =>
        $$$"""{"api_url": "{{{url}}}", "pagination_request_style": "{{{style}}}", "parallel_requests": {{{parallel}}}, {{{extra}}} "streams": [{"name": "items", "path": "/items", "records_path": "$.data[*]", "primary_keys": ["id"]}]}""";

    /// <summary>Page N (the first request has no number) of a 50-page API, 2 records each; odd pages answer late.</summary>
    private static async Task FiftyPages(HttpContext context, Func<int, Task>? before = null)
    {
        var page = int.TryParse(context.Request.Query["page"], CultureInfo.InvariantCulture, out var number) ? number : 1;
        if (before is not null)
        {
            await before(page);
            if (context.Response.HasStarted)
            {
                return;
            }
        }
        if (page % 2 == 1)
        {
            await Task.Delay(20);
        }
        if (page > 50)
        {
            await TestApi.Json(context, """{"message": "no such page"}""", 404);
            return;
        }
        await TestApi.Json(context, $$"""{"data": [{"id": {{page * 2 - 1}}, "page": {{page}}}, {"id": {{page * 2}}, "page": {{page}}}], "hasMore": {{(page < 50 ? "true" : "false")}}}""");
    }

    [Fact]
    public async Task PageNumber_OddPagesSlow_SameLinesAsSequential()
    {
        await using var api = await TestApi.StartAsync(context => FiftyPages(context));

        var sequential = await TapRun.RunAsync(Config(api.Url, "page_number_paginator", 1));
        var parallel = await TapRun.RunAsync(Config(api.Url, "page_number_paginator", 4));

        sequential.ExitCode.Should().Be(0, sequential.Stderr);
        parallel.ExitCode.Should().Be(0, parallel.Stderr);
        TapRun.Records(parallel.Stdout).Should().HaveCount(100);
        TapRun.Records(parallel.Stdout).Select(r => TapRun.Json(r)["record"]!["id"]!.GetValue<long>()).Should().Equal(Enumerable.Range(1, 100).Select(i => (long)i));
        TapRun.Lines(parallel.Stdout).Should().Equal(TapRun.Lines(sequential.Stdout));
    }

    [Fact]
    public async Task Sequential_NextPageReadAhead_OneRequestAtATimeInPageOrder()
    {
        int inFlight = 0, most = 0;
        await using var api = await TestApi.StartAsync(async context =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref most, now);
            try
            {
                await FiftyPages(context);
            }
            finally
            {
                Interlocked.Decrement(ref inFlight);
            }
        });

        var result = await TapRun.RunAsync(Config(api.Url, "page_number_paginator", 1).Replace("\"parallel_requests\": 1,", "", StringComparison.Ordinal));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().HaveCount(100);
        most.Should().Be(1); // discovery read the first 25 pages (50 records to infer from), then the sync read all 50:
        api.Requests.Select(r => r.PathAndQuery).TakeLast(50).Should().Equal(new[] { "/items" }.Concat(Enumerable.Range(2, 49).Select(p => $"/items?page={p}")));
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }

    [Fact]
    public async Task SimpleOffset_ShortPage_EndsTheStreamAndPagesPastItAreDiscarded()
    {
        await using var api = await TestApi.StartAsync(context =>
        {
            var offset = int.Parse(context.Request.Query["offset"]!, CultureInfo.InvariantCulture);
            if (offset > 31)
            {
                return TestApi.Json(context, "past the end", 404);
            }
            var ids = Enumerable.Range(offset, Math.Min(10, 36 - offset)).Select(i => $$"""{"id": {{i}}}""");
            return TestApi.Json(context, $$"""{"data": [{{string.Join(", ", ids)}}]}""");
        });

        var result = await TapRun.RunAsync(Config(api.Url, "simple_offset_paginator", 5, "\"pagination_page_size\": 10,"));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Select(r => TapRun.Json(r)["record"]!["id"]!.GetValue<long>()).Should().Equal(Enumerable.Range(1, 35).Select(i => (long)i));
        TapRun.LastState(result.Stdout).Should().Be("""{"type":"STATE","value":{}}""");
    }

    [Fact]
    public async Task OffsetPaginator_TotalInBody_SameLinesAsSequential()
    {
        await using var api = await TestApi.StartAsync(async context =>
        {
            var offset = int.TryParse(context.Request.Query["offset"], CultureInfo.InvariantCulture, out var given) ? given : 1;
            if (offset % 20 == 1)
            {
                await Task.Delay(15);
            }
            var ids = Enumerable.Range(offset, Math.Max(0, Math.Min(10, 66 - offset))).Select(i => $$"""{"id": {{i}}}""");
            await TestApi.Json(context, $$$"""{"data": [{{{string.Join(", ", ids)}}}], "pagination": {"offset": {{{offset}}}, "limit": 10, "total": 65}}""");
        });

        var sequential = await TapRun.RunAsync(Config(api.Url, "offset_paginator", 1, "\"pagination_page_size\": 10,"));
        var parallel = await TapRun.RunAsync(Config(api.Url, "style1", 3, "\"pagination_page_size\": 10,"));

        parallel.ExitCode.Should().Be(0, parallel.Stderr);
        TapRun.Records(parallel.Stdout).Select(r => TapRun.Json(r)["record"]!["id"]!.GetValue<long>()).Should().Equal(Enumerable.Range(1, 65).Select(i => (long)i));
        TapRun.Lines(parallel.Stdout).Should().Equal(TapRun.Lines(sequential.Stdout));
    }

    [Fact]
    public async Task PageNumber_ServerErrorOnPage7_IsRetried()
    {
        var failed = 0;
        await using var api = await TestApi.StartAsync(context => FiftyPages(context, page =>
            page == 7 && Interlocked.Exchange(ref failed, 1) == 0 ? TestApi.Json(context, "oops", 500) : Task.CompletedTask));

        var result = await TapRun.RunAsync(Config(api.Url, "page_number_paginator", 4));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Select(r => TapRun.Json(r)["record"]!["id"]!.GetValue<long>()).Should().Equal(Enumerable.Range(1, 100).Select(i => (long)i));
        result.Stderr.Should().Contain("HTTP 500 Internal Server Error; retry 1 of 5");
    }

    [Fact]
    public async Task PageNumber_NotFoundOnPage3_FailsWithTheSequentialLine()
    {
        await using var api = await TestApi.StartAsync(context => FiftyPages(context, page =>
            page == 3 ? TestApi.Json(context, """{"message": "gone"}""", 404) : Task.CompletedTask));

        var sequential = await TapRun.RunAsync(Config(api.Url, "page_number_paginator", 1));
        var parallel = await TapRun.RunAsync(Config(api.Url, "page_number_paginator", 4));

        parallel.ExitCode.Should().Be(1);
        TapRun.Critical(parallel.Stderr).Should().Be($$"""CRITICAL stream 'items': GET {{api.Url}}/items?page=3 failed: HTTP 404 Not Found: {"message": "gone"}""");
        TapRun.Critical(parallel.Stderr).Should().Be(TapRun.Critical(sequential.Stderr));
        TapRun.Lines(parallel.Stdout).Should().Equal(TapRun.Lines(sequential.Stdout));
    }

    [Theory]
    [InlineData("jsonpath_paginator")]
    [InlineData("header_link_paginator")]
    [InlineData("hateoas_paginator")]
    public async Task ResponseDrivenStyle_IsRefusedWithOneLine(string style)
    {
        var result = await TapRun.RunAsync(Config("http://127.0.0.1:9", style, 4));

        result.ExitCode.Should().Be(2);
        TapRun.Critical(result.Stderr).Should().Be(
            $"CRITICAL config key 'parallel_requests' works with page_number_paginator, offset_paginator, style1 and simple_offset_paginator only: pagination_request_style '{style}' takes each next page from the previous response");
    }
}
