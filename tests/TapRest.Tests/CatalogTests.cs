namespace TapRest.Tests;

public sealed class CatalogTests
{
    private static string Config(string url) =>
        $$$"""{"api_url": "{{{url}}}", "streams": [{"name": "a", "path": "/a", "primary_keys": ["id"]}, {"name": "b", "path": "/b"}]}""";

    private static Task Answer(Microsoft.AspNetCore.Http.HttpContext context) => TestApi.Json(context, """[{"id": 1, "name": "x", "secret_note": "y"}]""");

    [Fact]
    public async Task Discover_EmitsStreamsWithMeltanoMetadata()
    {
        await using var api = await TestApi.StartAsync(Answer);

        var result = await TapRun.RunAsync(Config(api.Url), "--discover");

        result.ExitCode.Should().Be(0, result.Stderr);
        var streams = TapRun.Json(result.Stdout)["streams"]!.AsArray();
        streams.Select(s => s!["tap_stream_id"]!.GetValue<string>()).Should().Equal("a", "b");
        var root = streams[0]!["metadata"]!.AsArray().Single(m => m!["breadcrumb"]!.AsArray().Count == 0)!["metadata"]!;
        root["table-key-properties"]!.ToJsonString().Should().Be("""["id"]""");
        root["selected-by-default"]!.GetValue<bool>().Should().BeTrue();
    }

    [Fact]
    public async Task Catalog_SelectsStreamsAndProperties()
    {
        await using var api = await TestApi.StartAsync(Answer);
        var discovered = await TapRun.RunAsync(Config(api.Url), "--discover");
        var catalog = TapRun.Json(discovered.Stdout);
        foreach (var stream in catalog["streams"]!.AsArray())
        {
            var name = stream!["tap_stream_id"]!.GetValue<string>();
            foreach (var entry in stream["metadata"]!.AsArray())
            {
                var crumb = entry!["breadcrumb"]!.AsArray();
                if (crumb.Count == 0)
                {
                    entry["metadata"]!["selected"] = name == "a";
                }
                else if (crumb[1]!.GetValue<string>() == "secret_note")
                {
                    entry["metadata"]!["selected"] = false;
                }
            }
        }

        var result = await TapRun.RunAsync(Config(api.Url), "--catalog", catalog.ToJsonString());

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Lines(result.Stdout).Should().Equal(
            """{"type":"SCHEMA","stream":"a","schema":{"type":"object","properties":{"id":{"type":["null","integer"]},"name":{"type":["null","string"]}}},"key_properties":["id"]}""",
            """{"type":"RECORD","stream":"a","record":{"id":1,"name":"x"}}""",
            """{"type":"STATE","value":{}}""");
    }
}

public sealed class GivenSchemaTests
{
    [Fact]
    public async Task InlineSchema_IsUsedWithoutInference_AndWidenedWhenARecordNeedsIt()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """[{"id": "7", "extra": 1}]"""));

        const string schema = """{"type": "object", "properties": {"id": {"type": "string", "maxLength": 5}}}""";
        var result = await TapRun.RunAsync($$$"""{"api_url": "{{{api.Url}}}", "streams": [{"name": "s", "path": "/s", "schema": {{{schema}}} }]}""");

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Lines(result.Stdout).Should().Equal(
            """{"type":"SCHEMA","stream":"s","schema":{"type":"object","properties":{"id":{"type":"string","maxLength":5}}},"key_properties":[]}""",
            """{"type":"SCHEMA","stream":"s","schema":{"type":"object","properties":{"id":{"type":"string","maxLength":5},"extra":{"type":["null","integer"]}}},"key_properties":[]}""",
            """{"type":"RECORD","stream":"s","record":{"id":"7","extra":1}}""",
            """{"type":"STATE","value":{}}""");
        api.Requests.Should().ContainSingle("a given schema needs no inference requests");
    }

    [Fact]
    public async Task SchemaFile_IsRead()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """[{"id": 1}]"""));
        var schemaPath = Path.Combine(Path.GetTempPath(), $"tap-rest-schema-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(schemaPath, """{"type": "object", "properties": {"id": {"type": ["null", "number"]}}}""");
        try
        {
            var result = await TapRun.RunAsync($$$"""{"api_url": "{{{api.Url}}}", "streams": [{"name": "s", "path": "/s", "schema": "{{{schemaPath}}}"}]}""", "--discover");

            result.ExitCode.Should().Be(0, result.Stderr);
            TapRun.Json(result.Stdout)["streams"]![0]!["schema"]!.ToJsonString().Should().Be("""{"type":"object","properties":{"id":{"type":["null","number"]}}}""");
            api.Requests.Should().BeEmpty();
        }
        finally
        {
            File.Delete(schemaPath);
        }
    }
}
