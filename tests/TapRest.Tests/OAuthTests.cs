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
    /// <summary>Three pages behind OAuth; the stream's schema is given so no discovery requests come first.</summary>
    private static string PagedConfig(string url) => $$"""
        {"api_url": "{{url}}", "auth_method": "oauth", "access_token_url": "{{url}}/token", "grant_type": "client_credentials",
         "client_id": "cid", "client_secret": "csecret-77",
         "streams": [{"name": "s", "path": "/s", "records_path": "$.data[*]", "schema": {"type": "object", "properties": {"id": {"type": "integer"} } } }]}
        """;

    private static string Page(string page) => page switch
    {
        "" => """{"data": [{"id": 1}], "next_page": "2"}""",
        "2" => """{"data": [{"id": 2}], "next_page": "3"}""",
        _ => """{"data": [{"id": 3}]}""",
    };

    [Fact]
    public async Task TokenRevokedAfterPage2_NewTokenFetchedOnce_RequestSentAgain()
    {
        var issued = 0;
        var revoked = new ConcurrentDictionary<string, bool>();
        await using var api = await TestApi.StartAsync(async context =>
        {
            if (context.Request.Path == "/token")
            {
                await TestApi.Json(context, $$$"""{"access_token": "tok-{{{Interlocked.Increment(ref issued)}}}", "expires_in": 3600}""");
                return;
            }
            var token = context.Request.Headers.Authorization.ToString();
            if (revoked.ContainsKey(token))
            {
                await TestApi.Json(context, """{"error": "revoked"}""", 401);
                return;
            }
            var page = context.Request.Query["page"].ToString();
            await TestApi.Json(context, Page(page));
            if (page == "2")
            {
                revoked[token] = true;
            }
        });

        var result = await TapRun.RunAsync(PagedConfig(api.Url));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Select(r => TapRun.Json(r)["record"]!["id"]!.GetValue<int>()).Should().Equal(1, 2, 3);
        issued.Should().Be(2);
        api.Requests.Where(r => r.PathAndQuery != "/token").Select(r => r.PathAndQuery + " " + r.Headers["Authorization"]).Should().Equal(
            "/s Bearer tok-1", "/s?page=2 Bearer tok-1", "/s?page=3 Bearer tok-1", "/s?page=3 Bearer tok-2");
        result.Stderr.Should().Contain($"WARNING stream 's': GET {api.Url}/s?page=3: HTTP 401 with the current token; fetching a new one and trying once more");
    }

    [Fact]
    public async Task SecondUnauthorizedWithFreshToken_FailsWithOneLine()
    {
        var issued = 0;
        await using var api = await TestApi.StartAsync(async context =>
        {
            if (context.Request.Path == "/token")
            {
                await TestApi.Json(context, $$$"""{"access_token": "tok-{{{Interlocked.Increment(ref issued)}}}", "expires_in": 3600}""");
                return;
            }
            var page = context.Request.Query["page"].ToString();
            await (page == "" ? TestApi.Json(context, Page(page)) : TestApi.Json(context, """{"error": "no access"}""", 401));
        });

        var result = await TapRun.RunAsync(PagedConfig(api.Url));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be(
            $$$"""CRITICAL stream 's': GET {{{api.Url}}}/s?page=2 failed: HTTP 401 Unauthorized: {"error": "no access"}""");
        issued.Should().Be(2, "one token at the start, one after the first 401, none after the second");
        api.Requests.Count(r => r.PathAndQuery == "/s?page=2").Should().Be(2);
        result.Stderr.Should().NotContain("tok-");
    }
    [Fact]
    public async Task TokenEndpointRedirects_NotFollowed_FailsWithOneLine_SecretNotSentOn()
    {
        await using var api = await TestApi.StartAsync(context =>
        {
            if (context.Request.Path == "/token")
            {
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = $"http://localhost:{context.Request.Host.Port}/steal";
                return Task.CompletedTask;
            }
            return TestApi.Json(context, "{}");
        });

        var result = await TapRun.RunAsync(PagedConfig(api.Url));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be($"CRITICAL OAuth token request POST {api.Url}/token failed: HTTP 307 Temporary Redirect: (empty body)");
        api.Requests.Select(r => r.PathAndQuery).Should().Equal("/token");
    }
}
