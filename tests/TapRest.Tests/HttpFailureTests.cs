using System.Globalization;

namespace TapRest.Tests;

public sealed class HttpFailureTests
{
    private static string Config(string url, string extra = "") =>
        $$$"""{"api_url": "{{{url}}}", {{{extra}}} "streams": [{"name": "items", "path": "/items", "params": {"api_key": "s3cr3t-k3y", "q": "a b"}}]}""";

    [Fact]
    public async Task ServerError_ThenSuccess_IsRetried()
    {
        var calls = 0;
        await using var api = await TestApi.StartAsync(context =>
            Interlocked.Increment(ref calls) == 1 ? TestApi.Json(context, "oops", 500) : TestApi.Json(context, """[{"id": 1}]"""));

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal("""{"type":"RECORD","stream":"items","record":{"id":1}}""");
        result.Stderr.Should().Contain("HTTP 500 Internal Server Error; retry 1 of 5");
    }

    [Fact]
    public async Task TooManyRequests_RetryAfterSeconds_IsHonoured()
    {
        var calls = 0;
        await using var api = await TestApi.StartAsync(context => Interlocked.Increment(ref calls) == 1
            ? TestApi.Json(context, "{}", 429, ("Retry-After", "2"))
            : TestApi.Json(context, """[{"id": 1}]"""));

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().Contain("HTTP 429 Too Many Requests; retry 1 of 5 in 2.0 s");
    }

    [Fact]
    public async Task ServiceUnavailable_RetryAfterHttpDate_IsHonoured()
    {
        var calls = 0;
        await using var api = await TestApi.StartAsync(context => Interlocked.Increment(ref calls) == 1
            ? TestApi.Json(context, "{}", 503, ("Retry-After", DateTimeOffset.UtcNow.AddSeconds(3).ToString("r", CultureInfo.InvariantCulture)))
            : TestApi.Json(context, """[{"id": 1}]"""));

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().MatchRegex(@"HTTP 503 Service Unavailable; retry 1 of 5 in [123]\.\d s");
    }

    [Fact]
    public async Task ServerError_Always_FailsAfterRetriesWithLastStatus()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, "down", 502));

        var result = await TapRun.RunAsync(Config(api.Url, "\"max_retries\": 1,"));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be(
            $"CRITICAL stream 'items': GET {api.Url}/items?api_key=********&q=a%20b failed after 2 tries; last: HTTP 502 Bad Gateway");
    }

    [Fact]
    public async Task Unauthorized_FailsAtOnceWithMaskedUrlAndBodyStart()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """{"message": "Bad credentials"}""", 401));

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be(
            $$"""CRITICAL stream 'items': GET {{api.Url}}/items?api_key=********&q=a%20b failed: HTTP 401 Unauthorized: {"message": "Bad credentials"}""");
        api.Requests.Should().ContainSingle();
        result.Stderr.Should().NotContain("s3cr3t-k3y");
    }

    [Fact]
    public async Task ServerNeverAnswers_TimesOutAndFailsAfterRetries()
    {
        await using var api = await TestApi.StartAsync(context => Task.Delay(Timeout.Infinite, context.RequestAborted));

        var result = await TapRun.RunAsync(Config(api.Url, "\"request_timeout\": 1, \"max_retries\": 1,"));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be(
            $"CRITICAL stream 'items': GET {api.Url}/items?api_key=********&q=a%20b failed after 2 tries; last: no answer within 1 s");
    }

    [Fact]
    public async Task MalformedJson_FailsWithClearLine()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, "<html>not json</html>"));

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().StartWith(
            $"CRITICAL stream 'items': GET {api.Url}/items?api_key=********&q=a%20b returned a body that is not JSON (").And.EndWith("it starts: <html>not json</html>");
    }

    [Fact]
    public async Task RecordsPath_MatchingNothing_FailsNamingThePath()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """{"items": [{"id": 1}], "count": 1}"""));

        var result = await TapRun.RunAsync($$"""{"api_url": "{{api.Url}}", "streams": [{"name": "items", "path": "/items", "records_path": "$.data[*]"}]}""");

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be(
            "CRITICAL stream 'items': records_path '$.data[*]' matches nothing in the first page, whose body is an object with keys items, count");
    }

    [Fact]
    public async Task RecordsPath_OverEmptyList_IsAnEmptyStream()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """{"data": []}"""));

        var result = await TapRun.RunAsync($$"""{"api_url": "{{api.Url}}", "streams": [{"name": "items", "path": "/items", "records_path": "$.data[*]"}]}""");

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().BeEmpty();
    }
    [Fact]
    public async Task Unauthorized_UrlKeepsPagingParams_MasksSecretNamesAndConfiguredSecretsWhateverTheirName()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, "{}", 403));
        var config = $$"""
            {"api_url": "{{api.Url}}", "password": "pw+/ 77", "api_keys": {"X-Key": "hdr-k3y"},
             "streams": [{"name": "items", "path": "/items", "params": {"page": "2", "limit": "10", "since": "2024-01-01", "keyword": "shoes", "author": "bob",
               "access_token": "t0k", "user_pass": "pw+/ 77", "extra": "hdr-k3y"} }]}
            """;

        var result = await TapRun.RunAsync(config);

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().Be($"CRITICAL stream 'items': GET {api.Url}/items?page=2&limit=10&since=2024-01-01&keyword=shoes&author=bob"
            + "&access_token=********&user_pass=********&extra=******** failed: HTTP 403 Forbidden: {}");
    }
}
