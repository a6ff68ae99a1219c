using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace TapRest.Tests;

/// <summary>Servers that misbehave on the HTTP level: each run must end with records or one clear line, never hang or leak.</summary>
public sealed class HostileHttpTests
{
    private static string Config(string url, string extra = "") =>
        $$"""{"api_url": "{{url}}", "max_retries": 0, "request_timeout": 2, {{extra}} "streams": [{"name": "s", "path": "/s", "schema": {"type": "object", "properties": {"id": {"type": "integer"} } } }]}""";

    [Fact]
    public async Task HeadersThenStalledBody_FailsWithTimeoutLine()
    {
        var release = new TaskCompletionSource();
        await using var api = await TestApi.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("[{\"id\": 1}, ");
            await context.Response.Body.FlushAsync();
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30));
        });

        var result = await TapRun.RunAsync(Config(api.Url));
        release.SetResult();

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be($"CRITICAL stream 's': GET {api.Url}/s failed after 1 try; last: no answer within 2 s");
    }

    [Fact]
    public async Task TenMegabyteSingleLineBody_IsRead()
    {
        var body = "[" + string.Join(", ", Enumerable.Range(1, 20).Select(i => $$"""{"id": {{i}}, "text": "{{new string('x', 500_000)}}"}""")) + "]";
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, body));

        var result = await TapRun.RunAsync(Config(api.Url).Replace("\"schema\"", "\"x\"", StringComparison.Ordinal));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().HaveCount(20);
        TapRun.Records(result.Stdout)[19].Length.Should().BeGreaterThan(500_000);
    }

    [Fact]
    public async Task RedirectLoop_FailsWithOneLine()
    {
        await using var api = await TestApi.StartAsync(context =>
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "/s";
            return Task.CompletedTask;
        });

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be($"CRITICAL stream 's': GET {api.Url}/s was redirected more than 10 times (last to {api.Url}/s)");
        api.Requests.Should().HaveCount(11);
    }

    [Fact]
    public async Task RedirectOnSameHost_KeepsAuth_PostAfter303BecomesGet()
    {
        await using var api = await TestApi.StartAsync(context =>
        {
            if (context.Request.Path == "/s")
            {
                context.Response.StatusCode = 303;
                context.Response.Headers.Location = "/moved?x=1";
                return Task.CompletedTask;
            }
            return TestApi.Json(context, $$"""[{"id": 1, "method": "{{context.Request.Method}}"}]""");
        });

        var result = await TapRun.RunAsync(Config(api.Url, """ "auth_method": "api_key", "api_keys": {"X-Key": "k-123"}, "http_method": "POST", "body": {"a": 1}, """));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal("""{"type":"RECORD","stream":"s","record":{"id":1,"method":"GET"}}""");
        api.Requests.Select(r => r.PathAndQuery + " " + r.Headers.GetValueOrDefault("X-Key")).Should().Equal("/s k-123", "/moved?x=1 k-123");
    }

    [Fact]
    public async Task RedirectToAnotherHost_AuthHeadersNotSent()
    {
        await using var api = await TestApi.StartAsync(context =>
        {
            if (context.Request.Path == "/s")
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = context.Request.Host.Host == "127.0.0.1"
                    ? $"http://localhost:{context.Request.Host.Port}/elsewhere"
                    : "/elsewhere";
                return Task.CompletedTask;
            }
            return TestApi.Json(context, """[{"id": 1}]""");
        });

        var result = await TapRun.RunAsync(Config(api.Url, """ "auth_method": "api_key", "api_keys": {"X-Key": "k-123"}, "headers": {"Accept": "application/json"}, """));

        result.ExitCode.Should().Be(0, result.Stderr);
        var elsewhere = api.Requests.Single(r => r.PathAndQuery == "/elsewhere");
        elsewhere.Headers.Should().NotContainKey("X-Key");
        elsewhere.Headers["Accept"].Should().Be("application/json");
    }

    [Fact]
    public async Task NextPageLinkToAnotherHost_FollowedWithoutCredentials_Warned()
    {
        await using var api = await TestApi.StartAsync(context =>
        {
            if (context.Request.Path == "/s")
            {
                // The first page is asked of 127.0.0.1 (api_url); its link names localhost: another origin.
                context.Response.Headers.Link = $"<http://localhost:{context.Request.Host.Port}/page2>; rel=\"next\"";
                return TestApi.Json(context, """[{"id": 1}]""");
            }
            return TestApi.Json(context, """[{"id": 2}]""");
        });

        var result = await TapRun.RunAsync(Config(api.Url, """ "pagination_request_style": "header_link_paginator", "auth_method": "bearer_token", "bearer_token": "tok-secret", """));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().HaveCount(2);
        api.Requests.Single(r => r.PathAndQuery == "/s").Headers["Authorization"].Should().Be("Bearer tok-secret");
        api.Requests.Single(r => r.PathAndQuery == "/page2").Headers.Should().NotContainKey("Authorization");
        result.Stderr.Should().Contain($"stream 's': the API sent a page URL on another host (http://localhost:{new Uri(api.Url).Port}) than api_url; it is requested without the configured credentials");
    }

    [Fact]
    public async Task BodyCutMidway_FailsWithNetworkErrorLine()
    {
        await using var api = await TestApi.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("[{\"id\": 1}, {\"id\"");
            await context.Response.Body.FlushAsync();
            context.Abort();
        });

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().StartWith($"CRITICAL stream 's': GET {api.Url}/s failed after 1 try; last: network error: ");
    }

    [Fact]
    public async Task BodyShorterThanItsStatedLength_FailsWithNetworkErrorLine()
    {
        await using var api = await TestApi.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = 100;
            await context.Response.WriteAsync("[{\"id\": 1}, {\"id\": 2}]");
            await context.Response.Body.FlushAsync();
            context.Abort();
        });

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(1);
        TapRun.Records(result.Stdout).Should().BeEmpty();
        TapRun.Critical(result.Stderr).Should().StartWith($"CRITICAL stream 's': GET {api.Url}/s failed after 1 try; last: network error: ");
    }

    [Fact]
    public async Task RetryAfterTenDays_FailsAtOnceSayingSo()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, "{}", 429, ("Retry-After", "864000")));

        var result = await TapRun.RunAsync(Config(api.Url).Replace("\"max_retries\": 0", "\"max_retries\": 3", StringComparison.Ordinal));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be(
            $"CRITICAL stream 's': GET {api.Url}/s failed after 1 try; last: HTTP 429 Too Many Requests, asking to wait 864000 s (tap-rest waits at most 600 s)");
    }

    [Fact]
    public async Task GzipBody_IsDecompressed()
    {
        await using var api = await TestApi.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            context.Response.Headers.ContentEncoding = "gzip";
            using var buffer = new MemoryStream();
            await using (var zip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
            {
                await zip.WriteAsync("""[{"id": 1}, {"id": 2}]"""u8.ToArray());
            }
            await context.Response.Body.WriteAsync(buffer.ToArray());
        });

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("utf-16", "application/json; charset=utf-16")]
    [InlineData("utf-16", "application/json")]
    [InlineData("utf-8", "application/json")]
    public async Task BodyWithByteOrderMark_IsRead(string encoding, string contentType)
    {
        var text = Encoding.GetEncoding(encoding);
        await using var api = await TestApi.StartAsync(async context =>
        {
            context.Response.ContentType = contentType;
            byte[] bytes = [.. text.GetPreamble(), .. text.GetBytes("""[{"id": 1, "name": "é"}]""")];
            await context.Response.Body.WriteAsync(bytes);
        });

        var result = await TapRun.RunAsync(Config(api.Url).Replace("\"schema\"", "\"x\"", StringComparison.Ordinal));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal("""{"type":"RECORD","stream":"s","record":{"id":1,"name":"é"}}""");
    }
}
