namespace TapRest.Tests;

public sealed class RunModeTests
{
    private static string Config(string url) =>
        $$$"""{"api_url": "{{{url}}}", "streams": [{"name": "a", "path": "/a"}, {"name": "b", "path": "/b"}]}""";

    [Fact]
    public async Task Test_MakesOneRequestPerStream_AndWritesNothing()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """[{"id": 1}]""", 200, ("X-Next-Page", "2")));

        var result = await TapRun.RunAsync(Config(api.Url), "--test");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().BeEmpty();
        api.Requests.Select(r => r.PathAndQuery).Should().Equal("/a", "/b");
    }

    [Fact]
    public async Task Sync_WritesHttpAndRecordCountMetrics()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """[{"id": 1}, {"id": 2}]"""));

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().MatchRegex("""INFO METRIC: \{"type": "timer", "metric": "http_request_duration", "value": [0-9.e-]+, "tags": \{"endpoint": "/a", "stream": "a", "status_code": "200", "status": "succeeded"\}\}""");
        result.Stderr.Should().Contain("""INFO METRIC: {"type": "counter", "metric": "record_count", "value": 2, "tags": {"stream": "b"}}""");
    }

    [Fact]
    public async Task NotFound_LongBody_ShowsItsStartOnly()
    {
        var body = "{\"error\": \"" + new string('x', 300) + "\"}";
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, body, 404));

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be($"CRITICAL stream 'a': GET {api.Url}/a failed: HTTP 404 Not Found: {body[..200]}…");
    }
}

public sealed class PostTests
{
    [Fact]
    public async Task Post_SendsJsonBody_PerStreamOverTopLevel()
    {
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var api = await TestApi.StartAsync(async context =>
        {
            bodies.Enqueue(context.Request.Method + " " + context.Request.ContentType + " " + await new StreamReader(context.Request.Body).ReadToEndAsync());
            await TestApi.Json(context, """{"hits": [{"id": 1}]}""");
        });

        const string query = """{"query": {"match_all": {}}}""";
        var result = await TapRun.RunAsync($$$"""
            {"api_url": "{{{api.Url}}}", "http_method": "post", "body": {"size": 10}, "pagination_request_style": "single_page_paginator",
             "streams": [{"name": "search", "path": "/search", "records_path": "$.hits[*]", "body": {{{query}}} }]}
            """);

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal("""{"type":"RECORD","stream":"search","record":{"id":1}}""");
        bodies.Should().AllBe("""POST application/json; charset=utf-8 {"query":{"match_all":{}}}""");
    }
}
