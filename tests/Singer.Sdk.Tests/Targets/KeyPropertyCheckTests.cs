using System.Text;
using Singer.Sdk.Targets;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Targets;

/// <summary>
/// <see cref="Target.RequiresKeyProperties"/>: a target that merges on keys refuses a record without a key value at its
/// line, whether the record came the ordinary way or would have been transcoded; records with keys still transcode.
/// </summary>
[Collection(GlobalStateCollection.Name)]
public sealed class KeyPropertyCheckTests : IDisposable
{
    private const string Schema = """{"type": "SCHEMA", "stream": "s", "schema": {"type": "object", "properties": {"id": {"type": ["null", "integer"]}, "n": {"type": "string"}}}, "key_properties": ["id"]}""";

    private readonly LogCapture _log = new();

    public void Dispose() => _log.Dispose();

    private sealed class ValuesTarget(bool requiresKeys) : Target(new PluginConfig([]))
    {
        public List<RecordMessage> Loaded { get; } = [];

        protected internal override bool RequiresKeyProperties => requiresKeys;

        protected internal override RecordTranscoder? CreateRecordTranscoder(SchemaMessage schema) => ValuesRecordTranscoder.For(schema.ParsedSchema);

        public override Task<Sink> CreateSinkAsync(SchemaMessage schema, CancellationToken cancellationToken) =>
            Task.FromResult<Sink>(new ListSink(schema, Loaded));
    }

    private sealed class ListSink(SchemaMessage schema, List<RecordMessage> loaded) : Sink(schema)
    {
        protected internal override Task WriteBatchAsync(IReadOnlyList<RecordMessage> records, CancellationToken cancellationToken)
        {
            loaded.AddRange(records);
            return Task.CompletedTask;
        }
    }

    private static async Task RunAsync(Target target, params string[] lines)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        await using var output = new StateOutputStream([]);
        await TargetRunner.ProcessAsync(target, input, output, CancellationToken.None);
    }

    private static string Record(string record) => $$"""{"type": "RECORD", "stream": "s", "record": {{record}}}""";

    [Theory]
    [InlineData("""{"n": "x"}""", "line 3: stream 's': key property 'id' is missing")]
    [InlineData("""{"id": null, "n": "x"}""", "line 3: stream 's': key property 'id' is null")]
    public async Task ProcessAsync_KeyRequiredAndNoKeyValue_StopsAtTheLineAfterLoadingEarlierRecords(string record, string message)
    {
        var target = new ValuesTarget(requiresKeys: true);

        var act = () => RunAsync(target, Schema, Record("""{"id": 1, "n": "a"}"""), Record(record), Record("""{"id": 2, "n": "b"}"""));

        (await act.Should().ThrowAsync<ProtocolException>()).Which.Message.Should().Be(message);
        target.Loaded.Should().ContainSingle().Which.Values.Should().Equal(1L, "a");
    }

    [Fact]
    public async Task ProcessAsync_KeyRequiredAndKeysPresent_RecordsStillTranscoded()
    {
        var target = new ValuesTarget(requiresKeys: true);

        await RunAsync(target, Schema, Record("""{"id": 1, "n": "a"}"""), Record("""{"n": "b", "id": 2}"""));

        target.Loaded.Select(r => r.IsTranscoded).Should().Equal(true, true);
        target.Loaded.Select(r => r.Values![0]).Should().Equal(1L, 2L);
    }

    [Fact]
    public async Task ProcessAsync_KeyNotRequired_RecordWithoutKeyLoaded()
    {
        var target = new ValuesTarget(requiresKeys: false);

        await RunAsync(target, Schema, Record("""{"n": "a"}"""), Record("""{"id": null, "n": "b"}"""));

        target.Loaded.Select(r => r.Values![1]).Should().Equal("a", "b");
    }

    [Fact]
    public void ForTranscoding_NullableAndUntypedKeys_KeysRequiredAndNotNull()
    {
        var schema = new SchemaMessage("s", SingerText.Object("""
            {"type": "object", "required": ["n"], "properties": {
              "a": {"type": ["null", "integer"]}, "b": {"type": "string"}, "c": {}, "n": {"type": "string"}}}
            """), ["a", "b", "c"]);

        var rewritten = KeyPropertyCheck.ForTranscoding(schema);

        SingerJson.Serialize(rewritten.Schema).Should().Be(
            """{"type":"object","required":["n","a","b","c"],"properties":{"a":{"type":["integer"]},"b":{"type":"string"},"c":{"anyOf":[{}]},"n":{"type":"string"}}}""");
        SingerJson.Serialize(schema.Schema).Should().Contain("""["null","integer"]""", "the stream's own schema is not changed");
    }
}
