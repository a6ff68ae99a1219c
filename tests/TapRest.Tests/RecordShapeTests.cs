namespace TapRest.Tests;

public sealed class RecordShapeTests
{
    private const string Body = """[{"id": 1, "user": {"login": "ann", "site-info": {"home.page": "x"}}, "tags": ["a", "é"], "meta": {"k": [1, 2.50]}, "empty": {}}]""";

    private static async Task<string> RecordAsync(string extra, string streamExtra = "")
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, Body));
        var result = await TapRun.RunAsync($$$"""{"api_url": "{{{api.Url}}}", {{{extra}}} "streams": [{"name": "s", "path": "/s" {{{streamExtra}}}}]}""");
        result.ExitCode.Should().Be(0, result.Stderr);
        return TapRun.Records(result.Stdout).Single();
    }

    [Fact]
    public async Task Flattening_Default_MatchesTheMsdk()
    {
        (await RecordAsync("")).Should().Be(
            """{"type":"RECORD","stream":"s","record":{"id":1,"user_login":"ann","user_site_info_home_page":"x","tags":"[\"a\", \"\\u00e9\"]","meta_k":"[1, 2.5]"}}""");
    }

    [Fact]
    public async Task ExceptKeys_NestedPath_KeptAsJsonText()
    {
        (await RecordAsync("", """, "except_keys": ["user_site-info", "meta"]""")).Should().Be(
            """{"type":"RECORD","stream":"s","record":{"id":1,"user_login":"ann","user_site_info":"{\"home.page\": \"x\"}","tags":"[\"a\", \"\\u00e9\"]","meta":"{\"k\": [1, 2.5]}"}}""");
    }

    [Fact]
    public async Task FlatteningDisabled_KeepsNestedValues_AndRawJsonIsAdded()
    {
        (await RecordAsync("\"flattening_enabled\": false, \"store_raw_json_message\": true,")).Should().Be(
            """{"type":"RECORD","stream":"s","record":{"id":1,"user":{"login":"ann","site-info":{"home.page":"x"}},"tags":["a","é"],"meta":{"k":[1,2.50]},"empty":{},"_sdc_raw_json":{"id":1,"user":{"login":"ann","site-info":{"home.page":"x"}},"tags":["a","é"],"meta":{"k":[1,2.50]},"empty":{}}}}""");
    }

    [Theory]
    [InlineData("""[{"id": 1, "a.b": 1, "a_b": 2}]""", "a.b", "a_b")]
    [InlineData("""[{"id": 1, "a": {"b": 1}, "a_b": 2}]""", "a_b", "a_b")]
    public async Task Flattening_TwoFieldsBecomingOneName_ExitsOneNamingBoth(string body, string first, string second)
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, body));
        var result = await TapRun.RunAsync($$"""{"api_url": "{{api.Url}}", "streams": [{"name": "s", "path": "/s"}]}""");

        result.ExitCode.Should().Be(1, result.Stderr);
        result.Stderr.Should().Contain(
            $"CRITICAL stream 's': fields '{first}' and '{second}' of a record both become 'a_b' when flattened, so one value would be lost: " +
            "list one of them in except_keys, or set flattening_enabled: false");
        TapRun.Records(result.Stdout).Should().BeEmpty();
    }

    [Fact]
    public async Task Body_NestedTwoHundredDeep_Read()
    {
        var body = "[{\"id\": 1, \"x\": " + string.Concat(Enumerable.Repeat("{\"x\": ", 199)) + "1" + new string('}', 199) + "}]";
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, body));
        var result = await TapRun.RunAsync($$"""{"api_url": "{{api.Url}}", "flattening_enabled": false, "streams": [{"name": "s", "path": "/s"}]}""");

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Single().Should().Contain(string.Concat(Enumerable.Repeat("{\"x\":", 199)) + "1");
    }
}
