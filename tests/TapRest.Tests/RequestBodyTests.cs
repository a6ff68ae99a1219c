using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace TapRest.Tests;

/// <summary>use_request_body_not_params: the query parameters travel as a JSON body (theirs: a GET with a body).</summary>
public sealed class RequestBodyTests
{
    private const string Schema = """{"type": "object", "properties": {"id": {"type": "integer"}, "updated_at": {"type": "string"} } }""";

    private static async Task<TestApi> StartAsync(ConcurrentQueue<string> seen, Func<string, string> answer) =>
        await TestApi.StartAsync(async context =>
        {
            var body = await new StreamReader(context.Request.Body).ReadToEndAsync();
            seen.Enqueue($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString} {context.Request.ContentType} {body}");
            await TestApi.Json(context, answer(body));
        });

    [Fact]
    public async Task JsonPathPages_ParamsSearchAndTokenInBody_QueryStringEmpty()
    {
        var seen = new ConcurrentQueue<string>();
        await using var api = await StartAsync(seen, body => body.Contains("\"page\"", StringComparison.Ordinal)
            ? """{"hits": [{"id": 2, "updated_at": "2024-02-01T00:00:00Z"}]}"""
            : """{"hits": [{"id": 1, "updated_at": "2024-01-05T00:00:00Z"}], "next_page": "c2"}""");
        var config = $$"""
            {"api_url": "{{api.Url}}", "use_request_body_not_params": true, "start_date": "2024-01-01T00:00:00Z", "params": {"size": 2, "track": true},
             "streams": [{"name": "docs", "path": "/_search", "records_path": "$.hits[*]", "replication_key": "updated_at", "params": {"q": "a b"},
               "source_search_field": "query", "source_search_query": "{\"range\": {\"updated_at\": {\"gt\": \"$last_run_date\"} } }", "schema": {{Schema}} }]}
            """;

        var result = await TapRun.RunAsync(config);

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().HaveCount(2);
        seen.Should().Equal(
            """GET /_search application/json; charset=utf-8 {"size":2,"track":true,"q":"a b","query":{"range":{"updated_at":{"gt":"2024-01-01T00:00:00"}}}}""",
            """GET /_search application/json; charset=utf-8 {"size":2,"track":true,"q":"a b","page":"c2","query":{"range":{"updated_at":{"gt":"2024-01-01T00:00:00"}}}}""");
    }

    [Fact]
    public async Task OffsetPages_OffsetAndLimitAsNumbers_SearchTextNotJsonSentAsString()
    {
        var seen = new ConcurrentQueue<string>();
        await using var api = await StartAsync(seen, body => body.Contains("\"offset\"", StringComparison.Ordinal)
            ? """{"data": [{"id": 2}], "pagination": {"offset": 2, "limit": 1, "total": 2}}"""
            : """{"data": [{"id": 1}], "pagination": {"offset": 1, "limit": 1, "total": 2}}""");
        var config = $$"""
            {"api_url": "{{api.Url}}", "use_request_body_not_params": true, "pagination_request_style": "offset_paginator", "pagination_page_size": 1,
             "streams": [{"name": "docs", "path": "/items", "records_path": "$.data[*]", "replication_key": "updated_at", "start_date": "2024-01-01",
               "source_search_field": "since", "source_search_query": "$last_run_date", "schema": {{Schema}} }]}
            """;

        var result = await TapRun.RunAsync(config);

        result.ExitCode.Should().Be(0, result.Stderr);
        seen.Should().Equal(
            """GET /items application/json; charset=utf-8 {"limit":1,"since":"2024-01-01T00:00:00"}""",
            """GET /items application/json; charset=utf-8 {"offset":2,"limit":1,"since":"2024-01-01T00:00:00"}""");
    }
}
