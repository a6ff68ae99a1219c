namespace TapRest.Tests;

public sealed class AuthTests
{
    private static async Task<(ProcessResult Result, SeenRequest Request)> RunAsync(string auth)
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """[{"id": 1}]"""));
        var result = await TapRun.RunAsync(
            $$$"""{"api_url": "{{{api.Url}}}", {{{auth}}}, "user_agent": "tap-rest-test/1", "headers": {"X-Top": "t", "X-Both": "top"}, "streams": [{"name": "s", "path": "/s", "headers": {"X-Both": "stream"}}]}""");
        result.ExitCode.Should().Be(0, result.Stderr);
        return (result, api.Requests.Last());
    }

    [Fact]
    public async Task NoAuth_SendsHeadersMergedStreamOverTop()
    {
        var (_, request) = await RunAsync("\"auth_method\": \"no_auth\"");

        request.Headers.Should().NotContainKey("Authorization");
        request.Headers["X-Top"].Should().Be("t");
        request.Headers["X-Both"].Should().Be("stream");
        request.Headers["User-Agent"].Should().Be("tap-rest-test/1");
    }

    [Fact]
    public async Task ApiKey_SendsEachKeyAsHeader()
    {
        var (result, request) = await RunAsync("\"auth_method\": \"api_key\", \"api_keys\": {\"X-API-KEY\": \"k-123\"}");

        request.Headers["X-API-KEY"].Should().Be("k-123");
        result.Stderr.Should().NotContain("k-123");
    }

    [Fact]
    public async Task Basic_SendsEncodedCredentials()
    {
        var (_, request) = await RunAsync("\"auth_method\": \"basic\", \"username\": \"ann\", \"password\": \"pä:ss\"");

        request.Headers["Authorization"].Should().Be("Basic " + Convert.ToBase64String("ann:pä:ss"u8.ToArray()));
    }

    [Fact]
    public async Task BearerToken_SendsAuthorizationHeader()
    {
        var (_, request) = await RunAsync("\"auth_method\": \"bearer_token\", \"bearer_token\": \"tok-9\"");

        request.Headers["Authorization"].Should().Be("Bearer tok-9");
    }
}
