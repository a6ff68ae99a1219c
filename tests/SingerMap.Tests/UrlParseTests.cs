namespace SingerMap.Tests;

public sealed class UrlParseTests
{
    private static SingerStream Events(params string[] urls)
    {
        var stream = new SingerStream().Schema("events", """{"id": {"type": "integer"}, "url": {"type": ["string", "null"]}}""", "id");
        for (var i = 0; i < urls.Length; i++)
        {
            stream.Record("events", $$"""{"id": {{i + 1}}, "url": {{urls[i]}}}""");
        }
        return stream;
    }

    [Fact]
    public async Task SplitsSchemeHostPathAndEachParameter_DecodedAsAForm_RepeatsAsLists()
    {
        var input = Events("\"https://User:secret@Shop.Example.COM:8443/a/b%20c?utm_source=news&tag=1&tag=2&q=a+b%26c&empty=#frag\"");

        var result = await MapRun.RunAsync("""{"url_parse": {"events": ["url"]}}""", input.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var record = MapRun.Messages(result.Stdout).Single(m => (string)m["type"]! == "RECORD")["record"]!;
        record.ToJsonString(MapRun.Relaxed).Should().Be(
            """{"id":1,"url":"https://User:secret@Shop.Example.COM:8443/a/b%20c?utm_source=news&tag=1&tag=2&q=a+b%26c&empty=#frag","url_scheme":"https","url_host":"shop.example.com","url_path":"/a/b c","url_query_utm_source":"news","url_query_tag":["1","2"],"url_query_q":"a b&c","url_query_empty":""}""");
    }

    [Fact]
    public async Task ANewParameter_AddsAFieldWithANewSchemaFirst_EarlierFieldsNullInLaterRecords()
    {
        var input = Events("\"https://x.io/?a=1\"", "\"/local/path?b=%E2%82%AC\"", "\"not a url\"", "null");

        var result = await MapRun.RunAsync("""{"url_parse": {"events": {"url": {"prefix": "u_"}}}}""", input.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var messages = MapRun.Messages(result.Stdout);
        messages.Select(m => (string)m["type"]!).Should().Equal("SCHEMA", "SCHEMA", "RECORD", "SCHEMA", "RECORD", "RECORD", "RECORD");
        messages[0]["schema"]!["properties"]!.AsObject().Select(p => p.Key).Should().Equal("id", "url", "u_scheme", "u_host", "u_path");
        messages[3]["schema"]!["properties"]!.AsObject().Select(p => p.Key).Should().Equal("id", "url", "u_scheme", "u_host", "u_path", "u_query_a", "u_query_b");
        messages[3]["schema"]!["properties"]!["u_query_b"]!.ToJsonString(MapRun.Relaxed).Should().Be("""{"type":["string","array","null"],"items":{"type":"string"}}""");
        messages[2]["record"]!.ToJsonString(MapRun.Relaxed).Should().Be("""{"id":1,"url":"https://x.io/?a=1","u_scheme":"https","u_host":"x.io","u_path":"/","u_query_a":"1"}""");
        messages[4]["record"]!.ToJsonString(MapRun.Relaxed).Should().Be("""{"id":2,"url":"/local/path?b=%E2%82%AC","u_scheme":null,"u_host":null,"u_path":"/local/path","u_query_a":null,"u_query_b":"€"}""");
        messages[5]["record"]!.ToJsonString(MapRun.Relaxed).Should().Be("""{"id":3,"url":"not a url","u_scheme":null,"u_host":null,"u_path":null,"u_query_a":null,"u_query_b":null}""");
        messages[6]["record"]!["u_path"].Should().BeNull();
    }

    [Fact]
    public async Task ListedParams_OnlyThoseBecomeFields_AllDeclaredUpFront()
    {
        var input = Events("\"https://x.io/p?utm_source=a&session=secret&utm_medium=b\"");

        var result = await MapRun.RunAsync("""{"url_parse": {"events": {"url": {"params": ["utm_source", "utm_medium", "utm_term"]}}}}""", input.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var messages = MapRun.Messages(result.Stdout);
        messages.Select(m => (string)m["type"]!).Should().Equal("SCHEMA", "RECORD");
        messages[1]["record"]!.ToJsonString(MapRun.Relaxed).Should().Be(
            """{"id":1,"url":"https://x.io/p?utm_source=a&session=secret&utm_medium=b","url_scheme":"https","url_host":"x.io","url_path":"/p","url_query_utm_source":"a","url_query_utm_medium":"b","url_query_utm_term":null}""");
    }

    [Fact]
    public async Task AGeneratedFieldTheStreamAlreadyHas_FailsNamingIt()
    {
        var input = new SingerStream()
            .Schema("events", """{"url": {"type": "string"}, "url_host": {"type": "string"}}""")
            .Record("events", """{"url": "https://a.b/", "url_host": "mine"}""");

        var result = await MapRun.RunAsync("""{"url_parse": {"events": ["url"]}}""", input.ToString());

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("line 1: stream 'events': url_parse of 'url' would write field 'url_host', which the stream already has; set another prefix");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task AParameterNamedLikeAnExistingField_FailsOnTheRecordThatBringsIt()
    {
        var input = new SingerStream()
            .Schema("events", """{"url": {"type": "string"}, "url_query_x": {"type": "string"}}""")
            .Record("events", """{"url": "https://a.b/?y=1", "url_query_x": "mine"}""")
            .Record("events", """{"url": "https://a.b/?x=1", "url_query_x": "mine"}""");

        var result = await MapRun.RunAsync("""{"url_parse": {"events": ["url"]}}""", input.ToString());

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("line 3: stream 'events': url_parse of 'url' would write field 'url_query_x', which the stream already has; set another prefix");
        MapRun.Summary(result.Stdout).Where(l => l.StartsWith("RECORD", StringComparison.Ordinal)).Should().HaveCount(1);
    }

    [Fact]
    public async Task UnboundedParameterNames_StopAfterTheLimitNamingTheFix()
    {
        var urls = Enumerable.Range(0, 250).Select(i => $"\"https://a.b/?p{i}=1\"").ToArray();

        var result = await MapRun.RunAsync("""{"url_parse": {"events": ["url"]}}""", Events(urls).ToString());

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().Contain("line 202: stream 'events', property 'url': more than 200 different query parameters; list the ones to keep in url_parse's params");
    }

    [Fact]
    public async Task BadSettings_StopAtStartUp()
    {
        var result = await MapRun.RunAsync("""{"url_parse": {"events": {"url": {"prefix": 3}}}}""", Events().ToString());

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("url_parse: stream 'events', property 'url': prefix must be a string, not 3");
    }
}
