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
