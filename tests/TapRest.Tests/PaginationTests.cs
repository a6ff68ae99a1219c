namespace TapRest.Tests;

public sealed class PaginationTests
{
    private static string Config(string url, string extra = "") =>
        $$"""{"api_url": "{{url}}", {{extra}} "streams": [{"name": "items", "path": "/items", "records_path": "$.data[*]", "primary_keys": ["id"]}]}""";

    [Fact]
    public async Task JsonPathPaginator_TokenInBody_FollowsUntilNoToken()
    {
        await using var api = await TestApi.StartAsync(context => context.Request.Query["page"].ToString() switch
        {
            "" => TestApi.Json(context, """{"data": [{"id": 1}, {"id": 2}], "next_page": "p2"}"""),
            "p2" => TestApi.Json(context, """{"data": [{"id": 3}], "next_page": null}"""),
            _ => TestApi.Json(context, "{}", 400),
        });

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Lines(result.Stdout).Should().Equal(
            """{"type":"SCHEMA","stream":"items","schema":{"type":"object","properties":{"id":{"type":["null","integer"]}}},"key_properties":["id"]}""",
            """{"type":"RECORD","stream":"items","record":{"id":1}}""",
            """{"type":"RECORD","stream":"items","record":{"id":2}}""",
            """{"type":"RECORD","stream":"items","record":{"id":3}}""",
            """{"type":"STATE","value":{}}""");
        api.Requests.Select(r => r.PathAndQuery).Should().EndWith(["/items", "/items?page=p2"]);
    }
}

public sealed class MorePaginationTests
{
    private static string Config(string url, string extra) =>
        $$"""{"api_url": "{{url}}", {{extra}}, "streams": [{"name": "items", "path": "/items", "records_path": "$.data[*]"}]}""";

    private static async Task<string[]> IdsAsync(string config)
    {
        var result = await TapRun.RunAsync(config);
        result.ExitCode.Should().Be(0, result.Stderr);
        return TapRun.Records(result.Stdout).Select(r => TapRun.Json(r)["record"]!["id"]!.ToJsonString()).ToArray();
    }

    [Fact]
    public async Task HeaderLinkPaginator_LinkRelNext_FollowsTheLink()
    {
        TestApi? api = null;
        api = await TestApi.StartAsync(context => context.Request.Query["cursor"].ToString() switch
        {
            "" => TestApi.Json(context, """{"data": [{"id": 1}]}""", 200, ("Link", $"<{api!.Url}/items?cursor=b>; rel=\"next\", <{api.Url}/items?cursor=z>; rel=\"last\"")),
            "b" => TestApi.Json(context, """{"data": [{"id": 2}]}""", 200, ("Link", "</items?cursor=c>; rel=\"next\"")),
            _ => TestApi.Json(context, """{"data": [{"id": 3}]}"""),
        });
        await using (api)
        {
            (await IdsAsync(Config(api.Url, "\"pagination_request_style\": \"header_link_paginator\""))).Should().Equal("1", "2", "3");
            (await IdsAsync(Config(api.Url, "\"pagination_request_style\": \"restapi_header_link_paginator\""))).Should().Equal("1", "2", "3");
        }
    }

    [Fact]
    public async Task OffsetPaginator_PaginationObject_RequestsOffsetsUntilTotal()
    {
        await using var api = await TestApi.StartAsync(context =>
        {
            var offset = context.Request.Query["offset"].ToString() is { Length: > 0 } text ? int.Parse(text) : 0;
            var ids = string.Join(", ", Enumerable.Range(offset, Math.Max(0, Math.Min(2, 5 - offset))).Select(i => $"{{\"id\": {i}}}"));
            return TestApi.Json(context, $$$"""{"data": [{{{ids}}}], "pagination": {"offset": {{{offset}}}, "limit": 2, "total": 5}}""");
        });

        var ids = await IdsAsync(Config(api.Url, "\"pagination_request_style\": \"offset_paginator\", \"pagination_page_size\": 2, \"pagination_initial_offset\": 0"));

        ids.Should().Equal("0", "1", "2", "3", "4");
        api.Requests.Select(r => r.PathAndQuery).TakeLast(3).Should().Equal("/items?limit=2", "/items?offset=2&limit=2", "/items?offset=4&limit=2");
    }

    [Fact]
    public async Task PageNumberPaginator_HasMore_StopsWhenFalse()
    {
        await using var api = await TestApi.StartAsync(context => context.Request.Query["page"].ToString() switch
        {
            "" => TestApi.Json(context, """{"data": [{"id": 1}], "hasMore": true}"""),
            "2" => TestApi.Json(context, """{"data": [{"id": 2}], "hasMore": true}"""),
            _ => TestApi.Json(context, """{"data": [{"id": 3}], "hasMore": false}"""),
        });

        (await IdsAsync(Config(api.Url, "\"pagination_request_style\": \"page_number_paginator\""))).Should().Equal("1", "2", "3");
        api.Requests.Select(r => r.PathAndQuery).TakeLast(3).Should().Equal("/items", "/items?page=2", "/items?page=3");
    }

    [Fact]
    public async Task SimpleOffsetPaginator_ShortPage_IsTheLast()
    {
        await using var api = await TestApi.StartAsync(context => context.Request.Query["offset"].ToString() switch
        {
            "0" => TestApi.Json(context, """{"data": [{"id": 1}, {"id": 2}]}"""),
            _ => TestApi.Json(context, """{"data": [{"id": 3}]}"""),
        });

        (await IdsAsync(Config(api.Url, "\"pagination_request_style\": \"simple_offset_paginator\", \"pagination_page_size\": 2, \"pagination_initial_offset\": 0")))
            .Should().Equal("1", "2", "3");
        api.Requests.Select(r => r.PathAndQuery).TakeLast(2).Should().Equal("/items?offset=0&limit=2", "/items?offset=2&limit=2");
    }

    [Fact]
    public async Task SinglePagePaginator_TokenInBody_IsIgnored()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """{"data": [{"id": 1}], "next_page": "again"}"""));

        (await IdsAsync(Config(api.Url, "\"pagination_request_style\": \"single_page_paginator\""))).Should().Equal("1");
        api.Requests.Should().HaveCount(2, "one request to discover, one to sync");
    }

    [Fact]
    public async Task EmptyPage_WithNextToken_Stops()
    {
        await using var api = await TestApi.StartAsync(context => context.Request.Query["page"].ToString() switch
        {
            "" => TestApi.Json(context, """{"data": [{"id": 1}], "next_page": "2"}"""),
            _ => TestApi.Json(context, """{"data": [], "next_page": "3"}"""),
        });

        (await IdsAsync(Config(api.Url, "\"pagination_request_style\": \"default\""))).Should().Equal("1");
    }

    [Fact]
    public async Task JsonPathPaginator_RepeatedToken_FailsNamingStreamAndToken()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """{"data": [{"id": 1}], "next_page": "same"}"""));

        var result = await TapRun.RunAsync(Config(api.Url, "\"pagination_request_style\": \"jsonpath_paginator\""));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be(
            "CRITICAL stream 'items': the API gave the next-page token 'same' a second time; stopping instead of reading the same pages forever");
    }
}

public sealed class BodyAndHeaderPaginationTests
{
    private static string Config(string url, string extra) =>
        $$$"""{"api_url": "{{{url}}}", {{{extra}}}, "streams": [{"name": "items", "path": "/fhir/Patient", "params": {"_count": "1"}, "records_path": "$.entry[*].resource"}]}""";

    /// <summary>A FHIR-style bundle: the next page's URL sits in link[relation=next].</summary>
    private static Task Bundle(Microsoft.AspNetCore.Http.HttpContext context) => context.Request.Query["_page"].ToString() switch
    {
        "" => TestApi.Json(context, """{"entry": [{"resource": {"id": "a"}}], "link": [{"relation": "self", "url": "x"}, {"relation": "next", "url": "/fhir/Patient?_count=1&_page=2"}]}"""),
        _ => TestApi.Json(context, """{"entry": [{"resource": {"id": "b"}}], "link": [{"relation": "self", "url": "y"}]}"""),
    };

    [Theory]
    [InlineData("\"pagination_request_style\": \"hateoas_paginator\"")]
    [InlineData("\"pagination_request_style\": \"jsonpath_paginator\", \"pagination_response_style\": \"hateoas_body\"")]
    public async Task Hateoas_NextUrlInBody_IsFollowed(string style)
    {
        await using var api = await TestApi.StartAsync(Bundle);

        var result = await TapRun.RunAsync(Config(api.Url, style + ", \"next_page_token_path\": \"$.link[?(@.relation=='next')].url\""));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal(
            """{"type":"RECORD","stream":"items","record":{"id":"a"}}""",
            """{"type":"RECORD","stream":"items","record":{"id":"b"}}""");
        api.Requests.Select(r => r.PathAndQuery).TakeLast(2).Should().Equal("/fhir/Patient?_count=1", "/fhir/Patient?_count=1&_page=2");
    }

    [Fact]
    public async Task SimpleHeaderPaginator_XNextPage_SentAsPage()
    {
        await using var api = await TestApi.StartAsync(context => context.Request.Query["page"].ToString() switch
        {
            "" => TestApi.Json(context, """{"entry": [{"resource": {"id": "a"}}]}""", 200, ("X-Next-Page", "2")),
            _ => TestApi.Json(context, """{"entry": [{"resource": {"id": "b"}}]}""", 200, ("X-Next-Page", "")),
        });

        var result = await TapRun.RunAsync(Config(api.Url, "\"pagination_request_style\": \"simple_header_paginator\""));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().HaveCount(2);
        api.Requests.Select(r => r.PathAndQuery).TakeLast(2).Should().Equal("/fhir/Patient?_count=1", "/fhir/Patient?_count=1&page=2");
    }
}
