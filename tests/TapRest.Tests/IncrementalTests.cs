namespace TapRest.Tests;

public sealed class IncrementalTests
{
    private static readonly string[] Rows =
    [
        """{"id": 1, "updated_at": "2024-01-01T00:00:00Z"}""",
        """{"id": 2, "updated_at": "2024-03-01T00:00:00Z"}""",
        """{"id": 3, "updated_at": "2024-02-01T00:00:00Z"}""",
    ];

    /// <summary>Answers the rows updated after the since parameter, as an API with a server-side filter does.</summary>
    private static Task Filtered(Microsoft.AspNetCore.Http.HttpContext context)
    {
        var since = context.Request.Query["since"].ToString();
        var rows = Rows.Where(r => string.CompareOrdinal(r[(r.IndexOf("\"20", StringComparison.Ordinal) + 1)..][..19], since) > 0);
        return TestApi.Json(context, "[" + string.Join(", ", rows) + "]");
    }

    private static string Config(string url, string startDate = "2023-12-31T10:00:00Z") => $$$"""
        {"api_url": "{{{url}}}", "start_date": "{{{startDate}}}", "streams": [{"name": "things", "path": "/things", "primary_keys": ["id"],
         "replication_key": "updated_at", "source_search_field": "since", "source_search_query": "$last_run_date"}]}
        """;

    [Fact]
    public async Task Sync_ReplicationKey_BookmarksMaxInMeltanoShape()
    {
        await using var api = await TestApi.StartAsync(Filtered);

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().HaveCount(3);
        TapRun.Lines(result.Stdout).Count(l => l.StartsWith("{\"type\":\"STATE\"", StringComparison.Ordinal)).Should().Be(3, "progress after the page, one at the stream's end, one at the run's");
        TapRun.LastState(result.Stdout).Should().Be(
            """{"type":"STATE","value":{"bookmarks":{"things":{"replication_key":"updated_at","replication_key_value":"2024-03-01T00:00:00Z"}}}}""");
        api.Requests.Last().PathAndQuery.Should().Be("/things?since=2023-12-31T10%3A00%3A00");
        TapRun.Schemas(result.Stdout).Single().Should().EndWith("\"key_properties\":[\"id\"],\"bookmark_properties\":[\"updated_at\"]}");
    }

    [Fact]
    public async Task Rerun_FromState_SendsBookmarkAndKeepsIt()
    {
        await using var api = await TestApi.StartAsync(Filtered);
        const string state = """{"bookmarks": {"things": {"replication_key": "updated_at", "replication_key_value": "2024-01-15T00:00:00Z"}}}""";

        var result = await TapRun.RunAsync(Config(api.Url), "--state", state);

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal(
            """{"type":"RECORD","stream":"things","record":{"id":2,"updated_at":"2024-03-01T00:00:00Z"}}""",
            """{"type":"RECORD","stream":"things","record":{"id":3,"updated_at":"2024-02-01T00:00:00Z"}}""");
        api.Requests.Last().PathAndQuery.Should().Be("/things?since=2024-01-15T00%3A00%3A00");
        TapRun.LastState(result.Stdout).Should().Be(
            """{"type":"STATE","value":{"bookmarks":{"things":{"replication_key":"updated_at","replication_key_value":"2024-03-01T00:00:00Z"}}}}""");
    }

    [Fact]
    public async Task Sync_UnsortedPages_ProgressMarkersAfterPages_BookmarkOnlyAtStreamEnd()
    {
        await using var api = await TestApi.StartAsync(context => context.Request.Query["page"].ToString() switch
        {
            "" => TestApi.Json(context, """{"data": [{"id": 2, "updated_at": "2024-03-01T00:00:00Z"}], "next_page": "2"}"""),
            _ => TestApi.Json(context, """{"data": [{"id": 1, "updated_at": "2024-01-01T00:00:00Z"}]}"""),
        });

        var result = await TapRun.RunAsync($$$"""{"api_url": "{{{api.Url}}}", "streams": [{"name": "t", "path": "/t", "records_path": "$.data[*]", "replication_key": "updated_at"}]}""");

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Lines(result.Stdout).Skip(1).Should().Equal(
            """{"type":"RECORD","stream":"t","record":{"id":2,"updated_at":"2024-03-01T00:00:00Z"}}""",
            """{"type":"STATE","value":{"bookmarks":{"t":{"progress_markers":{"Note":"Progress is not resumable if interrupted.","replication_key":"updated_at","replication_key_value":"2024-03-01T00:00:00Z"}}}}}""",
            """{"type":"RECORD","stream":"t","record":{"id":1,"updated_at":"2024-01-01T00:00:00Z"}}""",
            """{"type":"STATE","value":{"bookmarks":{"t":{"replication_key":"updated_at","replication_key_value":"2024-03-01T00:00:00Z"}}}}""",
            """{"type":"STATE","value":{"bookmarks":{"t":{"replication_key":"updated_at","replication_key_value":"2024-03-01T00:00:00Z"}}}}""");
    }

    [Fact]
    public async Task Rerun_NothingNew_KeepsTheBookmark()
    {
        await using var api = await TestApi.StartAsync(Filtered);
        const string state = """{"bookmarks": {"things": {"replication_key": "updated_at", "replication_key_value": "2024-03-01T00:00:00Z"}}}""";

        var result = await TapRun.RunAsync(Config(api.Url), "--state", state);

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().BeEmpty();
        TapRun.LastState(result.Stdout).Should().Be(
            """{"type":"STATE","value":{"bookmarks":{"things":{"replication_key":"updated_at","replication_key_value":"2024-03-01T00:00:00Z"}}}}""");
    }
}
