namespace TapRest.Tests;

public sealed class InferenceTests
{
    /// <summary>Page 1 and 2 are inside the inference window (3 records); page 3 brings a field and a type nobody saw.</summary>
    private static Task Pages(Microsoft.AspNetCore.Http.HttpContext context) => context.Request.Query["page"].ToString() switch
    {
        "" => TestApi.Json(context, """{"data": [{"id": 1, "amount": 5, "code": 7, "at": "2024-01-02T03:04:05Z"}, {"id": 2, "amount": 5.5, "code": "x7", "at": null}], "next_page": "2"}"""),
        "2" => TestApi.Json(context, """{"data": [{"id": 3, "amount": 1, "code": 8, "at": "2024-02-01T00:00:00+01:00", "late": true}], "next_page": "3"}"""),
        _ => TestApi.Json(context, """{"data": [{"id": 4, "amount": 2, "code": 9, "at": "soon", "later": {"x": 1}}]}"""),
    };

    private static string Config(string url) =>
        $$$"""{"api_url": "{{{url}}}", "streams": [{"name": "s", "path": "/s", "records_path": "$.data[*]", "num_inference_records": 3}]}""";

    [Fact]
    public async Task Discover_AcrossPages_WidensTypesAndSeesLateField()
    {
        await using var api = await TestApi.StartAsync(Pages);

        var result = await TapRun.RunAsync(Config(api.Url), "--discover");

        result.ExitCode.Should().Be(0, result.Stderr);
        var properties = TapRun.Json(result.Stdout)["streams"]![0]!["schema"]!["properties"]!.ToJsonString();
        properties.Should().Be(
            """{"id":{"type":["null","integer"]},"amount":{"type":["null","number"]},"code":{"type":["null","string"]},"at":{"type":["null","string"],"format":"date-time"},"late":{"type":["null","boolean"]}}""");
        api.Requests.Select(r => r.PathAndQuery).Should().Equal("/s", "/s?page=2");
    }

    [Fact]
    public async Task Sync_FieldAfterInference_SendsNewSchemaAndKeepsIt()
    {
        await using var api = await TestApi.StartAsync(Pages);

        var result = await TapRun.RunAsync(Config(api.Url));

        result.ExitCode.Should().Be(0, result.Stderr);
        var lines = TapRun.Lines(result.Stdout);
        lines.Should().HaveCount(7);
        lines[0].Should().StartWith("{\"type\":\"SCHEMA\"");
        lines[1].Should().Be("""{"type":"RECORD","stream":"s","record":{"id":1,"amount":5,"code":"7","at":"2024-01-02T03:04:05Z"}}""");
        lines[2].Should().Be("""{"type":"RECORD","stream":"s","record":{"id":2,"amount":5.5,"code":"x7","at":null}}""");
        lines[3].Should().Be("""{"type":"RECORD","stream":"s","record":{"id":3,"amount":1,"code":"8","at":"2024-02-01T00:00:00+01:00","late":true}}""");
        lines[4].Should().Be(
            """{"type":"SCHEMA","stream":"s","schema":{"type":"object","properties":{"id":{"type":["null","integer"]},"amount":{"type":["null","number"]},"code":{"type":["null","string"]},"at":{"type":["null","string"]},"late":{"type":["null","boolean"]},"later_x":{"type":["null","integer"]}}},"key_properties":[]}""");
        lines[5].Should().Be("""{"type":"RECORD","stream":"s","record":{"id":4,"amount":2,"code":"9","at":"soon","later_x":1}}""");
        lines[6].Should().Be("""{"type":"STATE","value":{}}""");
    }
}
