using System.Net;

namespace Secrets.Tests;

/// <summary>
/// tap-rest against an API on loopback that checks the credentials it is sent: every auth kind's secrets, a key in the
/// query string and one in a custom header, through a run that succeeds, one the API refuses, one that runs out of
/// retries, and --about.
/// </summary>
public sealed class TapRestSecretTests : IDisposable
{
    private const string Page = """[{"id":1,"note":"first"},{"id":2,"note":"second"}]""";

    private readonly SecretScan _scan = new();

    public void Dispose() => _scan.Dispose();

    [Theory]
    [InlineData("bearer_token", false)]
    [InlineData("bearer_token", true)]
    [InlineData("api_key", true)]
    [InlineData("basic", true)]
    [InlineData("oauth", true)]
    public async Task Run_EachAuthKind_SucceedsWithoutShowingAnySecret(string auth, bool verbose)
    {
        var (config, expected) = Auth(auth);
        await using var api = new LoopbackApi((request, body) => Answer(request, body, expected, status: 200));

        var run = await RunAsync(api, config, verbose);

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().Contain("\"second\"");
        _scan.AssertClean(run, $"{auth} run");
    }

    [Theory]
    [InlineData("bearer_token")]
    [InlineData("oauth")]
    public async Task Run_ApiRefuses_FailsNamingTheUrlWithoutAnySecret(string auth)
    {
        var (config, _) = Auth(auth);
        await using var api = new LoopbackApi((request, body) => Answer(request, body, expected: "", status: 401));

        var run = await RunAsync(api, config, verbose: true);

        run.ExitCode.Should().NotBe(0);
        run.Stderr.Should().Contain("401");
        _scan.AssertClean(run, $"{auth} refused");
    }

    [Fact]
    public async Task Run_RetriesExhausted_FailsWithoutAnySecret()
    {
        var (config, _) = Auth("bearer_token");
        config["max_retries"] = 1;
        await using var api = new LoopbackApi((request, body) => Answer(request, body, expected: "", status: 500));

        var run = await RunAsync(api, config, verbose: true);

        run.ExitCode.Should().NotBe(0);
        _scan.AssertClean(run, "retries exhausted");
    }

    [Fact]
    public async Task About_WithTheConfig_ShowsNoSecret()
    {
        var (config, _) = Auth("oauth");
        config["api_url"] = "http://127.0.0.1:1";
        var run = await Executable.RunAsync("tap-rest", ["--about", "--format", "json", "--config", _scan.Config("about.json", config)]);

        run.ExitCode.Should().Be(0, run.Stderr);
        _scan.AssertClean(run, "--about");
    }

    /// <summary>A config for one auth kind (with a key in the query string and one in a header besides) and the Authorization (or key) header the API expects.</summary>
    private (JsonObject Config, string Expected) Auth(string kind)
    {
        var config = new JsonObject
        {
            ["auth_method"] = kind,
            ["streams"] = new JsonArray(new JsonObject
            {
                ["name"] = "orders",
                ["path"] = "/orders",
                ["primary_keys"] = new JsonArray("id"),
                ["params"] = new JsonObject { ["api_key"] = _scan.New("querykey") },
                ["headers"] = new JsonObject { ["X-Api-Token"] = _scan.New("headertoken") },
            }),
            ["pagination_request_style"] = "single_page_paginator",
            ["backoff_time_extension"] = 0,
        };
        switch (kind)
        {
            case "bearer_token":
                var token = _scan.New("bearer");
                config["bearer_token"] = token;
                return (config, "Bearer " + token);
            case "api_key":
                var key = _scan.New("apikey");
                config["api_keys"] = new JsonObject { ["X-Key"] = key };
                return (config, key);
            case "basic":
                var password = _scan.New("basicpw");
                config["username"] = "probe";
                config["password"] = password;
                return (config, "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("probe:" + password)));
            default:
                config["client_id"] = "probe-client";
                config["client_secret"] = _scan.New("clientsecret");
                config["refresh_token"] = _scan.New("refreshtoken");
                config["grant_type"] = "refresh_token";
                var access = _scan.New("accesstoken");
                config["oauth_extras"] = new JsonObject { ["access"] = access };
                return (config, "Bearer " + access);
        }
    }

    /// <summary>The token endpoint hands out the access token named in oauth_extras; /orders answers <paramref name="status"/>, or 403 to wrong credentials.</summary>
    private static (int Status, string Body) Answer(HttpListenerRequest request, string body, string expected, int status)
    {
        if (request.Url!.AbsolutePath == "/token")
        {
            var access = System.Web.HttpUtility.ParseQueryString(body)["access"];
            return (200, $$"""{"access_token":"{{access}}","expires_in":3600,"token_type":"bearer"}""");
        }
        var sent = request.Headers["Authorization"] is { Length: > 0 } authorization ? authorization : request.Headers["X-Key"] ?? "";
        if (status == 200 && sent != expected)
        {
            return (403, """{"error":"wrong credentials"}""");
        }
        return (status, status == 200 ? Page : """{"error":"no"}""");
    }

    private Task<ProcessResult> RunAsync(LoopbackApi api, JsonObject config, bool verbose)
    {
        config["api_url"] = api.Url;
        if (config["auth_method"]!.GetValue<string>() == "oauth")
        {
            config["access_token_url"] = api.Url + "/token";
        }
        var path = _scan.Config($"rest-{Guid.NewGuid():N}.json", config);
        return Executable.RunAsync("tap-rest", verbose ? ["--config", path, "--verbose"] : ["--config", path], timeout: TimeSpan.FromMinutes(3));
    }
}
