using System.Text.Json.Nodes;

namespace TargetDuckDb.Tests;

/// <summary>target-duckdb applying the config's stream_maps to a stream read from stdin (the SDK's TargetDriver path).</summary>
public sealed class DuckDbStreamMapsTests : IAsyncLifetime
{
    private readonly DuckDbDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static SingerStream Customers() => new SingerStream()
        .Schema("customers", """{"id": {"type": "integer"}, "email": {"type": ["string", "null"]}, "amount": {"type": "number", "multipleOf": 0.0000000001}, "name": {"type": "string"}}""", "id")
        .Record("customers", """{"id": 1, "email": "ada@example.com", "amount": 0.10, "name": "Ada"}""")
        .Record("customers", """{"id": 2, "email": "bob@other.org", "amount": 0.20, "name": "Bob"}""")
        .Record("customers", """{"id": 3, "email": "cy@example.com", "amount": 12345678901234567890.1234567890, "name": "Cy"}""")
        .State("""{"bookmarks": {"customers": {"id": 3}}}""");

    [Fact]
    public async Task Load_WithStreamMaps_LoadsTheMappedStreams()
    {
        var config = JsonNode.Parse("""
            {"stream_maps": {
               "customers": {"__alias__": "clients", "__filter__": "email.endswith('@example.com')", "email": null,
                             "domain": "email.split('@')[-1]", "total": {"expression": "amount + 0.2", "type": ["number", "null"], "multipleOf": 0.0000000001}, "hash": "sha256(config['salt'] + name)"},
               "pii": {"__source__": "customers", "email": "email", "__else__": null}},
             "stream_map_config": {"salt": "pepper"}}
            """)!.AsObject();

        var result = await _db.LoadAsync(Customers(), config);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Be("{\"bookmarks\":{\"customers\":{\"id\":3}}}\n");
        (await _db.RowsAsync("clients", "id", "id", "amount", "name", "domain", "total", "hash")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "0.1000000000", "Ada", "example.com", "0.3000000000", Sha256("pepperAda") },
            new[] { "3", "12345678901234567890.1234567890", "Cy", "example.com", "12345678901234567890.3234567890", Sha256("pepperCy") },
        }, o => o.WithStrictOrdering());
        (await _db.ColumnTypesAsync("clients")).Keys.Should().NotContain("email");
        (await _db.RowsAsync("pii", "id", "id", "email")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "ada@example.com" }, new[] { "2", "bob@other.org" }, new[] { "3", "cy@example.com" },
        }, o => o.WithStrictOrdering());
        (await _db.QueryAsync("SELECT table_name FROM information_schema.tables WHERE table_name = 'customers'")).Should().BeEmpty();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task Load_MapFailingOnARecord_ExitsOneNamingLineStreamAndProperty_AfterLoadingTheRecordsBefore()
    {
        var stream = new SingerStream()
            .Schema("t", """{"id": {"type": "integer"}, "code": {"type": "string"}}""", "id")
            .Record("t", """{"id": 1, "code": "10"}""")
            .State("""{"n": 1}""")
            .Record("t", """{"id": 2, "code": "x"}""");

        var result = await _db.LoadAsync(stream, JsonNode.Parse("""{"stream_maps": {"t": {"code": "int(code)"}}}""")!.AsObject());

        result.ExitCode.Should().Be(1, result.Stderr);
        result.Stderr.Split('\n').Where(l => l.StartsWith("CRITICAL", StringComparison.Ordinal)).Should().Equal(
            "CRITICAL line 4: stream 't': field 'code': stream map expression int(code) failed: ValueError: invalid literal for int() with base 10: 'x'");
        result.Stdout.Should().Be("{\"n\":1}\n");
        (await _db.RowsAsync("t", "id", "id", "code")).Should().BeEquivalentTo(new[] { new[] { "1", "10" } });
    }

    [Fact]
    public async Task Load_BadExpression_ExitsTwoNamingStreamPropertyAndColumn_BeforeReading()
    {
        var result = await _db.LoadAsync(Customers(), JsonNode.Parse("""{"stream_maps": {"customers": {"x": "md5(email"}}}""")!.AsObject());

        result.ExitCode.Should().Be(2, result.Stderr);
        result.Stderr.Split('\n').Where(l => l.StartsWith("CRITICAL", StringComparison.Ordinal)).Should().Equal(
            "CRITICAL stream_maps: stream 'customers': property 'x': column 10: ')' expected at the end: \"md5(email\"");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Load_MapNamingAPropertyTheStreamLacks_ExitsTwoAtItsSchemaLine()
    {
        var result = await _db.LoadAsync(Customers(), JsonNode.Parse("""{"stream_maps": {"customers": {"x": "emial.lower()"}}}""")!.AsObject());

        result.ExitCode.Should().Be(2, result.Stderr);
        result.Stderr.Split('\n').Where(l => l.StartsWith("CRITICAL", StringComparison.Ordinal)).Should().Equal(
            "CRITICAL line 1: stream_maps: stream 'customers': property 'x': column 1: name 'emial' is not defined: the stream has no property 'emial' (did you mean 'email'?): \"emial.lower()\"");
        result.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Load_WithFlattening_LoadsParentChildColumns()
    {
        var stream = new SingerStream()
            .Schema("u", """{"id": {"type": "integer"}, "user": {"type": "object", "properties": {"first": {"type": "string"}, "geo": {"type": "object", "properties": {"lat": {"type": "number"}}}}}}""", "id")
            .Record("u", """{"id": 1, "user": {"first": "Jane", "geo": {"lat": 1.5}}}""");

        var result = await _db.LoadAsync(stream, JsonNode.Parse("""{"flattening_enabled": true, "flattening_max_depth": 1}""")!.AsObject());

        result.ExitCode.Should().Be(0, result.Stderr);
        (await _db.RowsAsync("u", "id", "id", "user__first", "user__geo")).Should().BeEquivalentTo(new[] { new[] { "1", "Jane", "{\"lat\":1.5}" } });
    }

    [Fact]
    public async Task Load_MappedAndUnmappedStreams_InOneRun_LoadBoth()
    {
        var stream = new SingerStream()
            .Schema("plain", """{"id": {"type": "integer"}, "v": {"type": "string"}}""", "id")
            .Schema("mapped", """{"id": {"type": "integer"}, "v": {"type": "string"}}""", "id")
            .Record("plain", """{"id": 1, "v": "a"}""")
            .Record("mapped", """{"id": 1, "v": "a"}""")
            .Record("plain", """{"id": 2, "v": "b"}""")
            .Record("mapped", """{"id": 2, "v": "b"}""");

        var result = await _db.LoadAsync(stream, JsonNode.Parse("""{"stream_maps": {"mapped": {"v": "v.upper() * 2"}}}""")!.AsObject());

        result.ExitCode.Should().Be(0, result.Stderr);
        (await _db.RowsAsync("plain", "id", "id", "v")).Should().BeEquivalentTo(new[] { new[] { "1", "a" }, new[] { "2", "b" } }, o => o.WithStrictOrdering());
        (await _db.RowsAsync("mapped", "id", "id", "v")).Should().BeEquivalentTo(new[] { new[] { "1", "AA" }, new[] { "2", "BB" } }, o => o.WithStrictOrdering());
    }
}
