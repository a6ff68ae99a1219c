using System.Text.Json.Nodes;

namespace TapRest.Tests;

public sealed class ExampleConfigTests
{
    [Fact]
    public async Task GithubIssues_LinkHeaders_ReadsEveryPage()
    {
        TestApi? api = null;
        api = await TestApi.StartAsync(context => context.Request.Query["page"].ToString() switch
        {
            "" => TestApi.Json(context, """[{"id": 1, "updated_at": "2024-02-01T00:00:00Z", "labels": [{"name": "bug"}], "user": {"login": "ann"}}]""", 200,
                ("Link", $"<{api!.Url}/repos/OWNER/REPO/issues?page=2>; rel=\"next\", <{api.Url}/repos/OWNER/REPO/issues?page=2>; rel=\"last\"")),
            _ => TestApi.Json(context, """[{"id": 2, "updated_at": "2024-03-01T00:00:00Z", "labels": [], "user": {"login": "bob"}}]"""),
        });
        await using (api)
        {
            var config = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Executable.RepoRoot, "catalogs", "tap-rest", "github-issues.json")))!;
            config["api_url"] = api.Url;

            var result = await TapRun.RunAsync(config.ToJsonString());

            result.ExitCode.Should().Be(0, result.Stderr);
            TapRun.Records(result.Stdout).Should().Equal(
                """{"type":"RECORD","stream":"issues","record":{"id":1,"updated_at":"2024-02-01T00:00:00Z","labels":"[{\"name\": \"bug\"}]","user_login":"ann"}}""",
                """{"type":"RECORD","stream":"issues","record":{"id":2,"updated_at":"2024-03-01T00:00:00Z","labels":"[]","user_login":"bob"}}""");
            TapRun.LastState(result.Stdout).Should().Be(
                """{"type":"STATE","value":{"bookmarks":{"issues":{"replication_key":"updated_at","replication_key_value":"2024-03-01T00:00:00Z"}}}}""");
            var first = api.Requests.Reverse().Skip(1).First();
            first.PathAndQuery.Should().Be("/repos/OWNER/REPO/issues?state=all&sort=updated&direction=asc&per_page=100&since=2024-01-01T00%3A00%3A00");
            first.Headers["Authorization"].Should().Be("Bearer ghp_replace_me");
        }
    }
}

public sealed class MsdkReadmeConfigTests
{
    /// <summary>tap-rest-api-msdk's config.sample.json (a FHIR API), unchanged but for api_url.</summary>
    private const string SampleConfig = """
        {
            "pagination_request_style": "jsonpath_paginator",
            "pagination_response_style": "hateoas_body",
            "api_url": "API_URL",
            "pagination_page_size": 100,
            "next_page_token_path": "$.link[?(@.relation=='next')].url",
            "headers": {
                "X-API-KEY": "my_secret_hex_string_for_authentication"
            },
            "streams": [
                {
                    "name": "my_sample_table_name",
                    "path": "/ExampleService",
                    "params": {
                        "services-provided-type": "MY_INITIAL_EXAMPLE_SERVICE"
                    },
                    "primary_keys": [
                        "id"
                    ],
                    "records_path": "$.entry[*].resource",
                    "replication_key": "meta_lastUpdated",
                    "start_date": "2001-01-01T00:00:00.00+12:00",
                    "source_search_field": "last-updated",
                    "source_search_query": "gt$last_run_date"
                }
            ]
        }
        """;

    [Fact]
    public async Task SampleConfig_FhirBundles_FollowedAndBookmarked()
    {
        TestApi? api = null;
        api = await TestApi.StartAsync(context => context.Request.Query["_page"].ToString() switch
        {
            "" => TestApi.Json(context, $$$$"""
                {"resourceType": "Bundle", "link": [{"relation": "next", "url": "{{{{api!.Url}}}}/ExampleService?_page=2"}],
                 "entry": [{"resource": {"id": "p1", "meta": {"lastUpdated": "2024-05-01T10:00:00.000+00:00"}}}]}
                """),
            _ => TestApi.Json(context, """{"resourceType": "Bundle", "link": [], "entry": [{"resource": {"id": "p2", "meta": {"lastUpdated": "2024-04-01T10:00:00.000+00:00"}}}]}"""),
        });
        await using (api)
        {
            var result = await TapRun.RunAsync(SampleConfig.Replace("API_URL", api.Url, StringComparison.Ordinal));

            result.ExitCode.Should().Be(0, result.Stderr);
            TapRun.Records(result.Stdout).Should().Equal(
                """{"type":"RECORD","stream":"my_sample_table_name","record":{"id":"p1","meta_lastUpdated":"2024-05-01T10:00:00.000+00:00"}}""",
                """{"type":"RECORD","stream":"my_sample_table_name","record":{"id":"p2","meta_lastUpdated":"2024-04-01T10:00:00.000+00:00"}}""");
            TapRun.LastState(result.Stdout).Should().Be(
                """{"type":"STATE","value":{"bookmarks":{"my_sample_table_name":{"replication_key":"meta_lastUpdated","replication_key_value":"2024-05-01T10:00:00.000+00:00"}}}}""");
            var requests = api.Requests.Select(r => r.PathAndQuery).TakeLast(2).ToList();
            requests.Should().Equal(
                "/ExampleService?services-provided-type=MY_INITIAL_EXAMPLE_SERVICE&last-updated=gt2001-01-01T00%3A00%3A00",
                "/ExampleService?_page=2");
            api.Requests.Last().Headers["X-API-KEY"].Should().Be("my_secret_hex_string_for_authentication");
        }
    }

    [Fact]
    public async Task DefaultRecordsPath_OverOneObject_IsOneRecord()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """{"id": "me", "displayName": "Ann", "mail": null}"""));

        var result = await TapRun.RunAsync($$$"""{"api_url": "{{{api.Url}}}", "streams": [{"name": "whoami", "path": "/v1.0/me", "primary_keys": ["id"]}]}""");

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal("""{"type":"RECORD","stream":"whoami","record":{"id":"me","displayName":"Ann","mail":null}}""");
    }
}
