using System.Text;
using FluentAssertions;
using Singer.Sdk;
using Xunit;

namespace SingerCheck.Tests;

/// <summary>The checker's rules, in process.</summary>
public sealed class StreamCheckerTests
{
    private static async Task<StreamChecker> CheckAsync(string stream)
    {
        var checker = new StreamChecker();
        await foreach (var line in new SingerReader(new MemoryStream(Encoding.UTF8.GetBytes(stream))).ReadAllAsync())
        {
            checker.Check(line);
        }
        return checker;
    }

    [Fact]
    public async Task Check_SchemaChangeMidStream_CountsSchemasAndValidatesAgainstLatest()
    {
        var stream = """
            {"type": "SCHEMA", "stream": "a", "schema": {"properties": {"id": {"type": "integer"}}}, "key_properties": ["id"]}
            {"type": "RECORD", "stream": "a", "record": {"id": 1}}
            {"type": "SCHEMA", "stream": "a", "schema": {"properties": {"id": {"type": "string"}}}, "key_properties": ["id"]}
            {"type": "RECORD", "stream": "a", "record": {"id": "one"}}
            """;

        var checker = await CheckAsync(stream);

        checker.Streams["a"].Schemas.Should().Be(2);
        checker.Streams["a"].Records.Should().Be(2);
    }

    [Fact]
    public async Task Check_ActivateVersionBeforeSchema_Throws()
    {
        var act = () => CheckAsync("""{"type": "ACTIVATE_VERSION", "stream": "a", "version": 1}""");

        (await act.Should().ThrowAsync<ProtocolException>())
            .Which.Message.Should().Be("line 1: stream 'a': ACTIVATE_VERSION before any SCHEMA for this stream");
    }

    [Theory]
    [InlineData("""{"v": 1}""", "line 3: stream 'a': key property 'id' is missing")]
    [InlineData("""{"id": null, "v": 1}""", "line 3: stream 'a': key property 'id' is null")]
    public async Task Check_RecordWithoutKeyValue_Throws(string record, string message)
    {
        var stream = """
            {"type": "SCHEMA", "stream": "a", "schema": {"properties": {"id": {"type": ["null", "integer"]}, "v": {"type": "integer"}}}, "key_properties": ["id"]}
            {"type": "RECORD", "stream": "a", "record": {"id": 1, "v": 1}}

            """ + """{"type": "RECORD", "stream": "a", "record": """ + record + "}";

        var act = () => CheckAsync(stream);

        (await act.Should().ThrowAsync<ProtocolException>()).Which.Message.Should().Be(message);
    }

    [Fact]
    public async Task Check_BadTimeExtracted_Throws()
    {
        var stream = """
            {"type": "SCHEMA", "stream": "a", "schema": {"properties": {}}, "key_properties": []}
            {"type": "RECORD", "stream": "a", "record": {}, "time_extracted": "last tuesday"}
            """;

        var act = () => CheckAsync(stream);

        (await act.Should().ThrowAsync<ProtocolException>())
            .Which.LineNumber.Should().Be(2);
    }

    [Fact]
    public async Task Summarize_TwoStreams_SortedTableAndLastState()
    {
        var stream = """
            {"type": "SCHEMA", "stream": "zeta", "schema": {"properties": {}}, "key_properties": []}
            {"type": "SCHEMA", "stream": "alpha", "schema": {"properties": {}}, "key_properties": []}
            {"type": "RECORD", "stream": "zeta", "record": {}}
            {"type": "STATE", "value": {"bookmarks": {"zeta": {"n": 1}}}}
            """;

        var summary = CheckCommand.Summarize(await CheckAsync(stream), errors: 0);

        summary.Should().Be(
            "OK: 4 lines, 2 stream(s), 1 STATE message(s)\n" +
            "stream     records  schemas  versions  batches\n" +
            "alpha            0        1         0        0\n" +
            "zeta             1        1         0        0\n" +
            "last STATE: {\"bookmarks\":{\"zeta\":{\"n\":1}}}\n");
    }
}
