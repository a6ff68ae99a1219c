using FluentAssertions;
using SingerNet.Tests;
using Xunit;

namespace SingerMap.Tests;

/// <summary>singer-map run as a process, as in <c>tap | singer-map --config maps.json | target</c>.</summary>
public sealed class SingerMapProcessTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("singer-map-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Config(string json)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    private const string Input = """
        {"type": "SCHEMA", "stream": "users", "key_properties": ["id"], "schema": {"properties": {"id": {"type": "integer"}, "email": {"type": "string"}, "score": {"type": "number"}}}}
        {"type": "ACTIVATE_VERSION", "stream": "users", "version": 7}
        {"type": "RECORD", "stream": "users", "record": {"id": 1, "email": "A@x.org", "score": 0.1}, "version": 7}
        {"type": "STATE", "value": {"bookmarks": {"users": {"id": 1}}}}
        {"type": "RECORD", "stream": "users", "record": {"id": 2, "email": "b@y.org", "score": 0.2}, "version": 7}
        {"type": "SOMETHING", "x": 1}
        {"type": "STATE", "value": {"bookmarks": {"users": {"id": 2}}}}

        """;

    [Fact]
    public async Task Run_WithMaps_RewritesSchemaAndRecords_AndKeepsStatesInPlace()
    {
        var config = Config("""
            {"stream_maps": {"users": {"__alias__": "people", "__filter__": "id != 2", "email": null,
              "domain": "email.split('@')[1].lower()", "score": "score + 0.2"}}}
            """);

        var result = await Executable.RunAsync("singer-map", ["--config", config], stdin: Input);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            """{"type":"SCHEMA","stream":"people","schema":{"properties":{"id":{"type":"integer"},"score":{"type":["number","null"]},"domain":{"type":["string","null"]}}},"key_properties":["id"]}""",
            """{"type":"ACTIVATE_VERSION","stream":"people","version":7}""",
            """{"type":"RECORD","stream":"people","record":{"id":1,"score":0.3,"domain":"x.org"},"version":7}""",
            """{"type":"STATE","value":{"bookmarks":{"users":{"id":1}}}}""",
            """{"type":"SOMETHING","x":1}""",
            """{"type":"STATE","value":{"bookmarks":{"users":{"id":2}}}}""");
    }

    [Fact]
    public async Task Run_WithoutMaps_PassesEveryMessageThrough()
    {
        var result = await Executable.RunAsync("singer-map", ["--config", Config("{}")], stdin: Input);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(7);
    }

    [Fact]
    public async Task Run_MapFailingOnALine_ExitsOneNamingTheLine_AfterWritingWhatCameBefore()
    {
        var config = Config("""{"stream_maps": {"users": {"n": "int(email)"}}}""");

        var result = await Executable.RunAsync("singer-map", ["--config", config], stdin: Input);

        result.ExitCode.Should().Be(1);
        result.Stderr.Trim().Should().EndWith(
            "line 3: stream 'users': field 'n': stream map expression int(email) failed: ValueError: invalid literal for int() with base 10: 'A@x.org'");
        result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().HaveCount(2);
    }

    [Fact]
    public async Task Run_BadExpression_ExitsTwoBeforeReading()
    {
        var result = await Executable.RunAsync("singer-map", ["--config", Config("""{"stream_maps": {"users": {"n": "1 +"}}}""")], stdin: Input);

        result.ExitCode.Should().Be(2);
        result.Stdout.Should().BeEmpty();
        result.Stderr.Trim().Should().EndWith("stream_maps: stream 'users': property 'n': column 4: unexpected text at the end: \"1 +\"");
    }

    [Fact]
    public async Task About_ListsTheMapSettings()
    {
        var result = await Executable.RunAsync("singer-map", ["--about"]);

        result.ExitCode.Should().Be(0, result.Stderr);
        result.Stdout.Should().Contain("\"stream_maps\"").And.Contain("\"stream_map_config\"").And.Contain("\"flattening_enabled\"").And.Contain("\"flattening_max_depth\"");
    }
}
