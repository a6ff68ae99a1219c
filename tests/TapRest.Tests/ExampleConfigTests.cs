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
            first.PathAndQuery.Should().Be("/repos/OWNER/REPO/issues?state=all&sort=updated&direction=asc&since=2024-01-01T00%3A00%3A00&per_page=100");
            first.Headers["Authorization"].Should().Be("Bearer ghp_replace_me");
        }
    }
}
