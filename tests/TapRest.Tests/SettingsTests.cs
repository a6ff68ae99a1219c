namespace TapRest.Tests;

public sealed class SettingsTests
{
    [Fact]
    public async Task MissingApiUrl_ExitsTwoWithOneLine()
    {
        var result = await TapRun.RunAsync("""{"streams": [{"name": "s"}]}""");

        result.ExitCode.Should().Be(2);
        TapRun.Critical(result.Stderr).Should().Be("CRITICAL config is missing required key: api_url");
    }

    [Fact]
    public async Task StreamWithoutName_ExitsTwoWithOneLine()
    {
        var result = await TapRun.RunAsync("""{"api_url": "http://127.0.0.1:9", "streams": [{"name": "a"}, {"path": "/b"}]}""");

        result.ExitCode.Should().Be(2);
        TapRun.Critical(result.Stderr).Should().Be("CRITICAL config streams[1] has no 'name' (every stream needs one)");
    }

    [Fact]
    public async Task OAuth_WithoutClientSecret_ExitsTwo()
    {
        var result = await TapRun.RunAsync(
            """{"api_url": "http://127.0.0.1:9", "auth_method": "oauth", "access_token_url": "http://127.0.0.1:9/token", "grant_type": "client_credentials", "client_id": "c", "streams": [{"name": "a"}]}""");

        result.ExitCode.Should().Be(2);
        TapRun.Critical(result.Stderr).Should().Be("CRITICAL auth_method 'oauth' with grant_type 'client_credentials' needs client_id and client_secret");
    }

    [Fact]
    public async Task UnknownKeys_AreWarnedAbout()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, "[]"));

        var result = await TapRun.RunAsync($$$"""{"api_url": "{{{api.Url}}}", "record_path": "$", "streams": [{"name": "a", "pth": "/x"}]}""");

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stderr.Should().Contain("WARNING config key 'record_path' is not a known setting and is ignored; did you mean 'records_path'?")
            .And.Contain("WARNING config streams[0] key 'pth' is not a stream setting and is ignored");
    }

    [Fact]
    public async Task About_ListsMsdkSettingsWithDefaults_AndMarksSecrets()
    {
        var result = await Executable.RunAsync("tap-rest", ["--about", "--format", "json"]);

        result.ExitCode.Should().Be(0, result.Stderr);
        var settings = TapRun.Json(result.Stdout)["settings"]!["properties"]!.AsObject();
        settings["records_path"]!["default"]!.GetValue<string>().Should().Be("$[*]");
        settings["num_inference_records"]!["default"]!.GetValue<int>().Should().Be(50);
        settings["pagination_initial_offset"]!["default"]!.GetValue<int>().Should().Be(1);
        settings["pagination_total_limit_param"]!["default"]!.GetValue<string>().Should().Be("total");
        settings["backoff_param"]!["default"]!.GetValue<string>().Should().Be("Retry-After");
        settings["auth_method"]!["default"]!.GetValue<string>().Should().Be("no_auth");
        settings["password"]!["secret"]!.GetValue<bool>().Should().BeTrue();
        settings["bearer_token"]!["secret"]!.GetValue<bool>().Should().BeTrue();
    }
}

public sealed class RequestRateTests
{
    [Fact]
    public async Task MaxRequestsPerSecond_PacedRun_ReadsEveryPage()
    {
        await using var api = await TestApi.StartAsync(context => context.Request.Query["page"].ToString() switch
        {
            "" => TestApi.Json(context, """{"data": [{"id": 1}], "next_page": "2"}"""),
            _ => TestApi.Json(context, """{"data": [{"id": 2}]}"""),
        });

        var result = await TapRun.RunAsync($$$"""{"api_url": "{{{api.Url}}}", "max_requests_per_second": 20, "streams": [{"name": "s", "path": "/s", "records_path": "$.data[*]"}]}""");

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().HaveCount(2);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("\"fast\"")]
    public async Task MaxRequestsPerSecond_NotAPositiveNumber_ExitsTwo(string value)
    {
        var result = await TapRun.RunAsync($$$"""{"api_url": "http://127.0.0.1:9", "max_requests_per_second": {{{value}}}, "streams": [{"name": "s"}]}""");

        result.ExitCode.Should().Be(2);
        TapRun.Critical(result.Stderr).Should().Be($"CRITICAL config key 'max_requests_per_second' must be a number above 0, got {value}");
    }
}
