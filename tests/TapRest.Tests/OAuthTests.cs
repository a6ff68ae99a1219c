using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace TapRest.Tests;

public sealed class OAuthTests
{
    private static string Config(string url, string extra = "") => $$$"""
        {"api_url": "{{{url}}}", "auth_method": "oauth", "access_token_url": "{{{url}}}/token", "grant_type": "client_credentials",
         "client_id": "cid", "client_secret": "csecret-77", "scope": "read", "oauth_extras": {"audience": "api"} {{{extra}}},
         "streams": [{"name": "s", "path": "/s", "records_path": "$.data[*]"}]}
        """;

    [Fact]
    public async Task ClientCredentials_TokenSentAsBearer_SecretNeverLogged()
    {
        var forms = new ConcurrentQueue<string>();
        await using var api = await TestApi.StartAsync(async context =>
        {
            if (context.Request.Path == "/token")
            {
                forms.Enqueue(await new StreamReader(context.Request.Body).ReadToEndAsync());
                await TestApi.Json(context, """{"access_token": "tok-1", "expires_in": 3600, "token_type": "bearer"}""");
                return;
            }
            await (context.Request.Headers.Authorization == "Bearer tok-1"
                ? TestApi.Json(context, """{"data": [{"id": 1}]}""")
                : TestApi.Json(context, "{}", 401));
        });

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal("""{"type":"RECORD","stream":"s","record":{"id":1}}""");
        forms.Should().ContainSingle("the token is kept for the discovery and the sync requests")
            .Which.Should().Be("grant_type=client_credentials&scope=read&client_id=cid&client_secret=csecret-77&audience=api");
        result.Stderr.Should().NotContain("csecret-77").And.NotContain("tok-1");
    }

    [Fact]
    public async Task TokenExpiringMidRun_IsFetchedAgainBeforeUse()
    {
        var issued = 0;
        await using var api = await TestApi.StartAsync(async context =>
        {
            if (context.Request.Path == "/token")
            {
                await TestApi.Json(context, $$$"""{"access_token": "tok-{{{Interlocked.Increment(ref issued)}}}", "expires_in": 1}""");
                return;
            }
            // Each page takes longer than half the token's one-second lifetime, so every next request needs a new one.
            await Task.Delay(700);
            var page = context.Request.Query["page"].ToString();
            await TestApi.Json(context, page == "" ? """{"data": [{"id": 1}], "next_page": "2"}""" : """{"data": [{"id": 2}]}""");
        });

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().HaveCount(2);
        api.Requests.Where(r => r.PathAndQuery != "/token").Select(r => r.Headers["Authorization"])
            .Should().Equal("Bearer tok-1", "Bearer tok-2", "Bearer tok-3", "Bearer tok-4");
    }

    [Fact]
    public async Task TokenEndpointRefuses_FailsWithOneLine()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """{"error": "invalid_client"}""", 401));

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be(
            $$$"""CRITICAL OAuth token request POST {{{api.Url}}}/token failed: HTTP 401 Unauthorized: {"error": "invalid_client"}""");
    }
}
