namespace TapRest.Tests;

/// <summary>Numbers beyond System.Decimal (and ones a double would round) reach the RECORD line with the body's digits.</summary>
public sealed class ExactNumberTests
{
    private const string Values = """{"id": 1, "big": 123456789012345678901234567890123456789, "huge": 1e400, "tiny": 1E-400, "negzero": -0.0, "tenth": 0.1, "max": 1.7976931348623157e308}""";

    private static async Task<ProcessResult> RunAsync(string body, string extra = "", string streamExtra = "", params string[] args)
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, body));
        return await TapRun.RunAsync($$$"""{"api_url": "{{{api.Url}}}", {{{extra}}} "streams": [{"name": "s", "path": "/s" {{{streamExtra}}}}]}""", args);
    }

    [Fact]
    public async Task BeyondDecimal_TopLevel_KeptExactAndTyped()
    {
        var result = await RunAsync("[" + Values + "]");

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Single().Should().Be(
            """{"type":"RECORD","stream":"s","record":{"id":1,"big":123456789012345678901234567890123456789,"huge":1e400,"tiny":1E-400,"negzero":-0.0,"tenth":0.1,"max":1.7976931348623157e308}}""");
        TapRun.Schemas(result.Stdout).Single().Should().Be(
            """{"type":"SCHEMA","stream":"s","schema":{"type":"object","properties":{"id":{"type":["null","integer"]},"big":{"type":["null","integer"]},"huge":{"type":["null","number"]},"tiny":{"type":["null","number"]},"negzero":{"type":["null","number"]},"tenth":{"type":["null","number"]},"max":{"type":["null","number"]}}},"key_properties":[]}""");
    }

    [Fact]
    public async Task BeyondDecimal_Nested_FlattenedKeptExact()
    {
        var result = await RunAsync("""[{"id": 1, "n": """ + Values + "}]");

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Single().Should().Be(
            """{"type":"RECORD","stream":"s","record":{"id":1,"n_id":1,"n_big":123456789012345678901234567890123456789,"n_huge":1e400,"n_tiny":1E-400,"n_negzero":-0.0,"n_tenth":0.1,"n_max":1.7976931348623157e308}}""");
    }

    [Fact]
    public async Task BeyondDecimal_NestedWithFlatteningOff_KeptExact()
    {
        var result = await RunAsync("""[{"id": 1, "n": """ + Values + "}]", "\"flattening_enabled\": false,");

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Single().Should().Be(
            """{"type":"RECORD","stream":"s","record":{"id":1,"n":""" + Values.Replace(" ", "", StringComparison.Ordinal) + "}}");
    }

    [Fact]
    public async Task BeyondDecimal_AsReplicationKey_BookmarkKeepsTheLargest()
    {
        var result = await RunAsync(
            """[{"id": 1, "v": 1e400}, {"id": 2, "v": 123456789012345678901234567890123456789}, {"id": 3, "v": 1E-400}]""",
            streamExtra: """, "replication_key": "v" """);

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.LastState(result.Stdout).Should().Be(
            """{"type":"STATE","value":{"bookmarks":{"s":{"replication_key":"v","replication_key_value":1e400}}}}""");
    }

    [Fact]
    public async Task BeyondDecimal_AsReplicationKeyFromState_SentAsItsDigits()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """[{"id": 1, "v": 123456789012345678901234567890123456790}]"""));
        var result = await TapRun.RunAsync(
            $$"""{"api_url": "{{api.Url}}", "streams": [{"name": "s", "path": "/s", "replication_key": "v", "source_search_field": "since", "source_search_query": "$last_run_date"}]}""",
            "--state", """{"bookmarks": {"s": {"replication_key": "v", "replication_key_value": 123456789012345678901234567890123456789}}}""");

        result.ExitCode.Should().Be(0, result.Stderr);
        api.Requests.Last().PathAndQuery.Should().Be("/s?since=123456789012345678901234567890123456789"); // the first request was discovery
        TapRun.LastState(result.Stdout).Should().Be(
            """{"type":"STATE","value":{"bookmarks":{"s":{"replication_key":"v","replication_key_value":123456789012345678901234567890123456790}}}}""");
    }

    [Fact]
    public async Task BeyondDecimal_UnderFilterRecordsPath_KeptExact()
    {
        var result = await RunAsync(
            """{"data": [{"id": 1, "kind": "a", "v": 1e400}, {"id": 2, "kind": "b", "v": 2}, {"id": 3, "kind": "a", "v": 0.1}]}""",
            streamExtra: """, "records_path": "$.data[?(@.kind == 'a')]" """);

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal(
            """{"type":"RECORD","stream":"s","record":{"id":1,"kind":"a","v":1e400}}""",
            """{"type":"RECORD","stream":"s","record":{"id":3,"kind":"a","v":0.1}}""");
    }
}
