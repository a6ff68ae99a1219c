namespace TapRest.Tests;

public sealed class ChildStreamTests
{
    private static Task Api(Microsoft.AspNetCore.Http.HttpContext context)
    {
        var since = context.Request.Query["since"].ToString();
        return context.Request.Path.Value switch
        {
            "/repos" => TestApi.Json(context, """[{"id": 10, "name": "a b"}, {"id": 20, "name": "c"}]"""),
            "/repos/10/issues" => TestApi.Json(context, since == "" ? """[{"n": 1, "at": "2024-01-01T00:00:00Z"}, {"n": 2, "at": "2024-02-01T00:00:00Z"}]""" : "[]"),
            "/repos/20/issues" => TestApi.Json(context, """[{"n": 3, "at": "2024-03-01T00:00:00Z"}]"""),
            _ => TestApi.Json(context, "{}", 404),
        };
    }

    private static string Config(string url) => $$$"""
        {"api_url": "{{{url}}}", "streams": [
          {"name": "repos", "path": "/repos", "primary_keys": ["id"]},
          {"name": "issues", "path": "/repos/{id}/issues", "parent_stream": "repos", "replication_key": "at",
           "source_search_field": "since", "source_search_query": "$last_run_date"}]}
        """;

    [Fact]
    public async Task Child_PathFilledFromEachParentRecord_StatePerParent()
    {
        await using var api = await TestApi.StartAsync(Api);

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal(
            """{"type":"RECORD","stream":"repos","record":{"id":10,"name":"a b"}}""",
            """{"type":"RECORD","stream":"issues","record":{"n":1,"at":"2024-01-01T00:00:00Z"}}""",
            """{"type":"RECORD","stream":"issues","record":{"n":2,"at":"2024-02-01T00:00:00Z"}}""",
            """{"type":"RECORD","stream":"repos","record":{"id":20,"name":"c"}}""",
            """{"type":"RECORD","stream":"issues","record":{"n":3,"at":"2024-03-01T00:00:00Z"}}""");
        TapRun.Schemas(result.Stdout).Select(s => TapRun.Json(s)["stream"]!.GetValue<string>()).Should().Equal("repos", "issues");
        TapRun.LastState(result.Stdout).Should().Be(
            """{"type":"STATE","value":{"bookmarks":{"issues":{"partitions":[{"context":{"id":10},"replication_key":"at","replication_key_value":"2024-02-01T00:00:00Z"},{"context":{"id":20},"replication_key":"at","replication_key_value":"2024-03-01T00:00:00Z"}]}}}}""");
    }

    [Fact]
    public async Task Child_Rerun_SendsEachParentsOwnBookmark_ParentUnselectedWritesNothing()
    {
        await using var api = await TestApi.StartAsync(Api);
        const string state = """{"bookmarks": {"issues": {"partitions": [{"context": {"id": 10}, "replication_key": "at", "replication_key_value": "2024-02-01T00:00:00Z"}]}}}""";
        var discovered = TapRun.Json((await TapRun.RunAsync(Config(api.Url), "--discover")).Stdout);
        foreach (var stream in discovered["streams"]!.AsArray())
        {
            var root = stream!["metadata"]!.AsArray().Single(m => m!["breadcrumb"]!.AsArray().Count == 0)!["metadata"]!;
            root["selected"] = stream["tap_stream_id"]!.GetValue<string>() == "issues";
        }
        var requestsBefore = api.Requests.Count;

        var result = await TapRun.RunAsync(Config(api.Url), "--catalog", discovered.ToJsonString(), "--state", state);

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal("""{"type":"RECORD","stream":"issues","record":{"n":3,"at":"2024-03-01T00:00:00Z"}}""");
        TapRun.Schemas(result.Stdout).Should().ContainSingle().Which.Should().Contain("\"stream\":\"issues\"");
        api.Requests.Skip(requestsBefore).Select(r => r.PathAndQuery).Should().Equal("/repos", "/repos/10/issues?since=2024-02-01T00%3A00%3A00", "/repos/20/issues?sort=asc&order_by=at");
    }

    [Fact]
    public async Task Child_UnknownParent_ExitsTwo()
    {
        var result = await TapRun.RunAsync("""{"api_url": "http://127.0.0.1:9", "streams": [{"name": "c", "path": "/x/{id}", "parent_stream": "nope"}]}""");

        result.ExitCode.Should().Be(2);
        TapRun.Critical(result.Stderr).Should().Be("CRITICAL stream 'c': parent_stream 'nope' is not a configured stream");
    }
}
