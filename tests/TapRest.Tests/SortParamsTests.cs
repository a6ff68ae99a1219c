namespace TapRest.Tests;

/// <summary>The sort/filter parameters theirs adds for a replication_key, decided by pagination_response_style as theirs does.</summary>
public sealed class SortParamsTests
{
    /// <summary>Two pages (the second asked for with page=2; with hateoas_body the token is a URL), records keyed by <c>at</c>.</summary>
    private static Task TwoPages(Microsoft.AspNetCore.Http.HttpContext context) =>
        TestApi.Json(context, context.Request.Query["page"] == "2"
            ? """{"data": [{"id": 2, "at": "2024-02-01T00:00:00Z"}]}"""
            : $$"""{"data": [{"id": 1, "at": "2024-01-01T00:00:00Z"}], "next_page": "{{(context.Request.Query.ContainsKey("hateoas") ? "/s?page=2" : "2")}}"}""");

    private static async Task<string[]> QueriesAsync(string settings, string key = "at", params string[] args)
    {
        await using var api = await TestApi.StartAsync(TwoPages);
        var config = $$"""
            {"api_url": "{{api.Url}}", {{settings}}, "streams": [{"name": "s", "path": "/s", "records_path": "$.data[*]", "replication_key": "{{key}}",
              "params": {"sort": "mine", "q": "x"}, "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "at": {"type": "string"} } } }]}
            """;
        var result = await TapRun.RunAsync(config, args);
        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().HaveCount(2);
        return api.Requests.Select(r => r.PathAndQuery).ToArray();
    }

    [Fact]
    public async Task NoSearchQuery_SortAscOrderByKey_OnEveryPage_OverTheStreamsSort()
    {
        (await QueriesAsync("\"start_date\": \"2024-01-01T00:00:00Z\""))
            .Should().Equal("/s?sort=asc&q=x&order_by=at", "/s?sort=asc&q=x&page=2&order_by=at");
    }

    [Fact]
    public async Task SearchQueryWithBookmark_FilterOnly_NoSort()
    {
        const string state = """{"bookmarks": {"s": {"replication_key": "at", "replication_key_value": "2023-06-01T00:00:00Z"}}}""";

        (await QueriesAsync("\"source_search_field\": \"from\", \"source_search_query\": \"$last_run_date\"", "at", "--state", state))
            .Should().Equal("/s?sort=mine&q=x&from=2023-06-01T00%3A00%3A00", "/s?sort=mine&q=x&page=2&from=2023-06-01T00%3A00%3A00");
    }

    [Fact]
    public async Task SearchQueryWithoutBookmarkOrStartDate_SortInstead()
    {
        (await QueriesAsync("\"source_search_field\": \"from\", \"source_search_query\": \"$last_run_date\""))
            .Should().Equal("/s?sort=asc&q=x&order_by=at", "/s?sort=asc&q=x&page=2&order_by=at");
    }

    [Fact]
    public async Task OffsetResponseStyle_SortAsTheDefault()
    {
        (await QueriesAsync("\"pagination_response_style\": \"offset\""))
            .Should().Equal("/s?sort=asc&q=x&order_by=at", "/s?sort=asc&q=x&page=2&order_by=at");
    }

    [Fact]
    public async Task HeaderLinkResponseStyle_GitHubSortByKeyName_NoOrderBy()
    {
        (await QueriesAsync("\"pagination_response_style\": \"header_link\"", "updated_at"))
            .Should().Equal("/s?sort=updated&q=x&direction=asc", "/s?sort=updated&q=x&page=2&direction=asc");
        (await QueriesAsync("\"pagination_response_style\": \"header_link\"", "created_at"))
            .Should().Equal("/s?sort=created&q=x&direction=desc", "/s?sort=created&q=x&page=2&direction=desc");
        (await QueriesAsync("\"pagination_response_style\": \"header_link\""))
            .Should().Equal("/s?sort=mine&q=x", "/s?sort=mine&q=x&page=2");
    }

    [Fact]
    public async Task HateoasBodyResponseStyle_FieldWithoutQuery_GreaterThanBookmark_NextUrlFollowed()
    {
        (await QueriesAsync("\"pagination_response_style\": \"hateoas_body\", \"source_search_field\": \"from\", \"start_date\": \"2024-01-01T00:00:00Z\", \"params\": {\"hateoas\": 1}"))
            .Should().Equal("/s?hateoas=1&sort=mine&q=x&from=gt2024-01-01T00%3A00%3A00", "/s?page=2");
    }
}
