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
}
