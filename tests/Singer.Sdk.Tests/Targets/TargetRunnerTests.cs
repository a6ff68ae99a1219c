using System.IO.Compression;
using System.Text;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Targets;

/// <summary>
/// The target base through <see cref="TargetRunner.ProcessAsync"/>: sinks and the state output write into
/// one event list, so each test asserts the exact interleaving of batches and states.
/// </summary>
[Collection(GlobalStateCollection.Name)]
public sealed class TargetRunnerTests : IDisposable
{
    private const string Schema = """{"type": "SCHEMA", "stream": "s", "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": ["null", "string"], "maxLength": 5}}}, "key_properties": ["id"]}""";
    private const string WiderSchema = """{"type": "SCHEMA", "stream": "s", "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "name": {"type": ["null", "string"], "maxLength": 10}}}, "key_properties": ["id"]}""";

    private readonly LogCapture _log = new();
    private readonly TempDirectory _dir = new();
    private readonly List<string> _events = [];

    public void Dispose()
    {
        _log.Dispose();
        _dir.Dispose();
    }

    /// <summary>A config allowing BATCH files from the test's directory.</summary>
    private string BatchConfig => "{\"batch_config\": {\"storage\": {\"root\": " + System.Text.Json.JsonSerializer.Serialize(_dir.Path) + "}}}";

    private static string Record(int id, string stream = "s") => $$$"""{"type": "RECORD", "stream": "{{{stream}}}", "record": {"id": {{{id}}}}}""";

    private static string State(int id) => """{"type": "STATE", "value": {"bookmarks": {"s": {"id": """ + id + "}}}}";

    /// <summary>The event the target's output produces for <see cref="State"/>: the bare state object, compact.</summary>
    private static string Emitted(int id) => """state {"bookmarks":{"s":{"id":""" + id + "}}}";

    private async Task<RecordingTarget> RunAsync(string config, params string[] lines)
    {
        var target = new RecordingTarget(new PluginConfig(SingerText.Object(config)), _events);
        await RunAsync(target, lines);
        return target;
    }

    private static async Task RunAsync(Target target, params string[] lines)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        await using var output = new StateOutputStream([]);
        await TargetRunner.ProcessAsync(target, input, output, CancellationToken.None);
    }

    private async Task<ProtocolException> FailAsync(string config, params string[] lines)
    {
        var act = () => RunAsync(config, lines);
        return (await act.Should().ThrowAsync<ProtocolException>()).Which;
    }

    private async Task RunWithOutputAsync(Target target, params string[] lines)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        await using var output = new StateOutputStream(_events);
        await TargetRunner.ProcessAsync(target, input, output, CancellationToken.None);
    }

    private Task<RecordingTarget> RunWithOutputAsync(string config, params string[] lines) =>
        RunWithOutputAsync(config, null, lines);

    private async Task<RecordingTarget> RunWithOutputAsync(string config, Func<IReadOnlyList<RecordMessage>, Exception?>? failBatch, params string[] lines)
    {
        var target = new RecordingTarget(new PluginConfig(SingerText.Object(config)), _events, failBatch);
        await RunWithOutputAsync(target, lines);
        return target;
    }

    private async Task<ProtocolException> FailWithOutputAsync(string config, params string[] lines)
    {
        var act = () => RunWithOutputAsync(config, lines);
        return (await act.Should().ThrowAsync<ProtocolException>()).Which;
    }

    [Fact]
    public async Task ProcessAsync_BatchSizeRowsTwo_LoadsRecordsInPairs()
    {
        var target = await RunAsync("""{"batch_size_rows": 2}""", Schema, Record(1), Record(2), Record(3), Record(4), Record(5));

        _events.Should().Equal("create s", "batch s: 1,2", "batch s: 3,4", "batch s: 5", "close s", "target close");
        target.Sinks.Should().ContainSingle().Which.LoadedCount.Should().Be(5);
        target.BatchRows.Should().Be(2);
    }

    [Fact]
    public async Task ProcessAsync_BatchSizeRowsAsString_IsAccepted()
    {
        await RunAsync("""{"batch_size_rows": "3"}""", Schema, Record(1), Record(2), Record(3), Record(4));

        _events.Should().Equal("create s", "batch s: 1,2,3", "batch s: 4", "close s", "target close");
    }

    [Fact]
    public async Task ProcessAsync_BatchSizeBytes_DrainsWhenTheInputLinesReachIt()
    {
        // Each RECORD line below is 55 bytes with its newline: one stays under 100 bytes, two reach it.
        await RunAsync("""{"batch_size_bytes": 100}""", Schema, Record(1), Record(2), Record(3), Record(4), Record(5));

        Encoding.UTF8.GetByteCount(Record(1) + "\n").Should().Be(55);
        _events.Should().Equal("create s", "batch s: 1,2", "batch s: 3,4", "batch s: 5", "close s", "target close");
    }

    [Fact]
    public async Task ProcessAsync_StateAfterPendingRecords_IsWrittenOnlyAfterTheyAreLoaded()
    {
        await RunWithOutputAsync("""{"batch_size_rows": 2}""", Schema, Record(1), State(1), Record(2), Record(3), State(3), Record(4), State(4));

        _events.Should().Equal(
            "create s",
            "batch s: 1,2",
            Emitted(1),
            "batch s: 3,4",
            Emitted(3),
            Emitted(4),
            "close s",
            "target close");
    }

    [Fact]
    public async Task ProcessAsync_StateWithNothingPending_IsWrittenAtOnce()
    {
        await RunWithOutputAsync("{}", Schema, State(0), Record(1), State(1));

        _events.Should().Equal("create s", Emitted(0), "batch s: 1", Emitted(1), "close s", "target close");
    }

    [Fact]
    public async Task ProcessAsync_EndOfInput_DrainsThenWritesTheFinalState()
    {
        await RunWithOutputAsync("{}", Schema, Record(1), Record(2), Record(3), State(3));

        _events.Should().Equal("create s", "batch s: 1,2,3", Emitted(3), "close s", "target close");
    }

    [Fact]
    public async Task ProcessAsync_SeveralStatesWhileRecordsPend_WritesOnlyTheLatest()
    {
        await RunWithOutputAsync("{}", Schema, Record(1), State(1), Record(2), State(2));

        _events.Should().Equal("create s", "batch s: 1,2", Emitted(2), "close s", "target close");
    }

    [Fact]
    public async Task ProcessAsync_FullBatchOfOneStream_DrainsEveryStreamBeforeTheState()
    {
        var other = Schema.Replace("\"stream\": \"s\"", "\"stream\": \"t\"", StringComparison.Ordinal);

        await RunWithOutputAsync("""{"batch_size_rows": 2}""", Schema, other, Record(1, "t"), Record(1), State(1), Record(2));

        _events.Should().Equal("create s", "create t", "batch s: 1,2", "batch t: 1", Emitted(1), "close s", "close t", "target close");
    }

    [Fact]
    public async Task ProcessAsync_StateLine_IsTheBareStateObjectLikeThePythonTargets()
    {
        var target = new RecordingTarget(new PluginConfig([]), []);
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(Schema + "\n" + Record(1) + "\n" + """{"type": "STATE", "value": {"currently_syncing": null, "bookmarks": {"db-s": {"version": 1795637602111, "amount": 1.50}}}}""" + "\n"));
        using var output = new MemoryStream();

        await TargetRunner.ProcessAsync(target, input, output, CancellationToken.None);

        Encoding.UTF8.GetString(output.ToArray()).Should().Be("""{"currently_syncing":null,"bookmarks":{"db-s":{"version":1795637602111,"amount":1.50}}}""" + "\n");
    }

    [Fact]
    public async Task ProcessAsync_RecordBeforeItsSchema_IsAProtocolErrorNamingTheLine()
    {
        var error = await FailWithOutputAsync("{}", State(0), Record(1, "x"));

        error.LineNumber.Should().Be(2);
        error.Message.Should().Be("line 2: RECORD for stream 'x' before its SCHEMA");
        _events.Should().Equal(Emitted(0), "target close");
    }

    [Fact]
    public async Task ProcessAsync_RecordLongerThanMaxLength_FailsNamingLineStreamAndFieldAfterLoadingWhatCameBefore()
    {
        var error = await FailWithOutputAsync("{}",
            Schema, Record(1), Record(2), State(2), Record(3),
            """{"type": "RECORD", "stream": "s", "record": {"id": 4, "name": "toolong"}}""",
            Record(5), State(5));

        error.Message.Should().Be("line 6: stream 's': field 'name': string of 7 characters is longer than maxLength 5");
        error.LineNumber.Should().Be(6);
        error.Stream.Should().Be("s");
        error.Field.Should().Be("name");
        _events.Should().StartWith(["create s", "batch s: 1,2,3", Emitted(2), "close s"]);
        _events.Should().NotContain(e => e.Contains('4', StringComparison.Ordinal) || e.Contains('5', StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessAsync_RecordOfWrongType_FailsNamingTheField()
    {
        var error = await FailAsync("{}", Schema, """{"type": "RECORD", "stream": "s", "record": {"id": "seven"}}""");

        error.Message.Should().Be("line 2: stream 's': field 'id': expected integer, got string \"seven\"");
    }

    [Fact]
    public async Task ProcessAsync_MalformedLine_LoadsWhatCameBeforeAndPassesItsStateOn()
    {
        var error = await FailWithOutputAsync("{}", Schema, Record(1), State(1), "{not json");

        error.Message.Should().StartWith("line 4: invalid JSON");
        _events.Should().StartWith(["create s", "batch s: 1", Emitted(1), "close s"]);
    }

    [Fact]
    public async Task ProcessAsync_ValidateRecordsFalse_LoadsRecordsThatBreakTheSchema()
    {
        var target = await RunAsync("""{"validate_records": false}""", Schema, """{"type": "RECORD", "stream": "s", "record": {"id": "seven", "name": "far too long"}}""");

        _events.Should().Equal("create s", "batch s: \"seven\"", "close s", "target close");
        target.Sinks[0].Batches[0][0].Record["name"].Should().Be("far too long");
        target.ValidateRecords.Should().BeFalse();
    }

    [Fact]
    public async Task ProcessAsync_ActivateVersion_DrainsTheSinkThenActivates()
    {
        await RunAsync("{}", Schema, Record(1), Record(2), """{"type": "ACTIVATE_VERSION", "stream": "s", "version": 1795637249426}""", Record(3));

        _events.Should().Equal("create s", "batch s: 1,2", "activate s 1795637249426", "batch s: 3", "close s", "target close");
    }

    [Fact]
    public async Task ProcessAsync_ActivateVersionBeforeSchema_IsAProtocolError()
    {
        var error = await FailAsync("{}", """{"type": "ACTIVATE_VERSION", "stream": "s", "version": 1}""");

        error.Message.Should().Be("line 1: ACTIVATE_VERSION for stream 's' before its SCHEMA");
    }

    [Fact]
    public async Task ProcessAsync_ChangedSchema_DrainsAndClosesTheOldSinkAndCreatesANewOne()
    {
        var target = await RunAsync("{}", Schema, Record(1), WiderSchema, """{"type": "RECORD", "stream": "s", "record": {"id": 2, "name": "sevenXX"}}""");

        _events.Should().Equal("create s", "batch s: 1", "close s", "create s", "batch s: 2", "close s", "target close");
        target.Sinks.Should().HaveCount(2);
        target.Sinks[1].Schema.ParsedSchema.Properties!["name"].MaxLength.Should().Be(10);
        _log.Lines.Should().Contain("INFO stream 's': schema changed at line 3; loading pending records with the old one");
    }

    [Fact]
    public async Task ProcessAsync_ChangedKeyProperties_IsASchemaChange()
    {
        var target = await RunAsync("{}", Schema, Record(1), Schema.Replace("\"key_properties\": [\"id\"]", "\"key_properties\": []", StringComparison.Ordinal), Record(2));

        target.Sinks.Should().HaveCount(2);
        _events.Should().Equal("create s", "batch s: 1", "close s", "create s", "batch s: 2", "close s", "target close");
    }

    [Fact]
    public async Task ProcessAsync_IdenticalSchemaRepeated_KeepsTheSinkAndItsPendingRecords()
    {
        var target = await RunAsync("{}", Schema, Record(1), Schema, Record(2), Schema);

        _events.Should().Equal("create s", "batch s: 1,2", "close s", "target close");
        target.Sinks.Should().ContainSingle();
    }

    [Fact]
    public async Task ProcessAsync_KeyPropertyNotInSchema_IsAProtocolError()
    {
        var error = await FailAsync("{}", Schema.Replace("\"key_properties\": [\"id\"]", "\"key_properties\": [\"nope\"]", StringComparison.Ordinal));

        error.Message.Should().Be("line 1: stream 's': key property 'nope' is not in the schema");
    }

    [Fact]
    public async Task ProcessAsync_UnknownMessageTypes_AreIgnoredWithOneWarningPerType()
    {
        await RunAsync("{}", Schema, """{"type": "MYSTERY", "x": 1}""", Record(1), """{"type": "MYSTERY"}""", """{"type": "OTHER"}""", Record(2));

        _events.Should().Equal("create s", "batch s: 1,2", "close s", "target close");
        _log.Lines.Where(l => l.StartsWith("WARNING", StringComparison.Ordinal)).Should().Equal(
            "WARNING line 2: ignoring message of unknown type 'MYSTERY'",
            "WARNING line 5: ignoring message of unknown type 'OTHER'");
    }

    [Fact]
    public async Task ProcessAsync_Finished_LogsRecordCountsPerStreamAndATotal()
    {
        await RunAsync("{}", Schema, Record(1), Record(2), State(2));

        _log.Lines.Should().Contain("""INFO METRIC: {"type": "counter", "metric": "record_count", "value": 2, "tags": {"stream": "s"}}""");
        _log.Lines.Should().Contain("INFO loaded 2 records from 4 lines into 1 stream(s)");
        _log.Lines.Should().ContainSingle(l => l.Contains("\"job_duration\"", StringComparison.Ordinal) && l.Contains("\"status\": \"succeeded\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessAsync_BatchMessagesWithJsonlAndGzipFiles_LoadThoseRecordsThroughTheSink()
    {
        var plain = await _dir.WriteAsync("part-1.jsonl", "{\"id\": 10, \"name\": \"ten\"}\n\n{\"id\": 11}\n");
        var gzipped = _dir.File("part-2.jsonl.gz");
        await using (var file = File.Create(gzipped))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes("{\"id\": 12}\n{\"id\": 13, \"name\": \"été\"}"));
        }
        var plainUri = new Uri(plain).AbsoluteUri;
        var gzipUri = new Uri(gzipped).AbsoluteUri;

        var target = await RunWithOutputAsync(BatchConfig,
            Schema,
            $$"""{"type": "BATCH", "stream": "s", "encoding": {"format": "jsonl"}, "manifest": ["{{plainUri}}"]}""",
            $$"""{"type": "BATCH", "stream": "s", "encoding": {"format": "jsonl", "compression": "gzip"}, "manifest": ["{{gzipUri}}"]}""",
            State(13));

        plainUri.Should().StartWith("file:///");
        _events.Should().Equal("create s", "batch s: 10,11,12,13", Emitted(13), "close s", "target close");
        target.Sinks[0].Batches[0].Select(r => r.Record.GetValueOrDefault("name")).Should().Equal(new object?[] { "ten", null, null, "été" });
        target.Sinks[0].Batches[0].Should().AllSatisfy(r => r.Stream.Should().Be("s"));
    }

    [Fact]
    public async Task ProcessAsync_BatchFileRecordBreakingTheSchema_FailsNamingTheBatchLine()
    {
        var path = await _dir.WriteAsync("bad.jsonl", "{\"id\": 1}\n{\"id\": 2, \"name\": \"toolong\"}\n");

        var error = await FailWithOutputAsync(BatchConfig, Schema, State(0),
            $$"""{"type": "BATCH", "stream": "s", "encoding": {"format": "jsonl"}, "manifest": ["{{new Uri(path).AbsoluteUri}}"]}""");

        error.Message.Should().Be("line 3: stream 's': field 'name': string of 7 characters is longer than maxLength 5");
        _events.Should().StartWith(["create s", Emitted(0), "batch s: 1", "close s"]);
    }

    [Fact]
    public async Task ProcessAsync_BatchManifestNotAFileUri_IsAProtocolError()
    {
        var error = await FailAsync(BatchConfig, Schema, """{"type": "BATCH", "stream": "s", "encoding": {"format": "jsonl"}, "manifest": ["s3://bucket/key.jsonl"]}""");

        error.Message.Should().Be("line 2: stream 's': BATCH manifest entry 's3://bucket/key.jsonl' is not a local file:// URI");
    }

    [Fact]
    public async Task ProcessAsync_BatchFileMissing_IsAProtocolErrorNamingThePath()
    {
        var missing = _dir.File("absent.jsonl");

        var error = await FailAsync(BatchConfig, Schema, $$"""{"type": "BATCH", "stream": "s", "encoding": {"format": "jsonl"}, "manifest": ["{{new Uri(missing).AbsoluteUri}}"]}""");

        error.Message.Should().StartWith($"line 2: stream 's': cannot read batch file '{missing}': ");
    }

    [Fact]
    public async Task ProcessAsync_BatchFormatNotJsonl_IsAProtocolError()
    {
        var error = await FailAsync(BatchConfig, Schema, """{"type": "BATCH", "stream": "s", "encoding": {"format": "parquet"}, "manifest": []}""");

        error.Message.Should().Be("line 2: stream 's': BATCH format 'parquet' is not supported (only jsonl)");
    }

    [Fact]
    public async Task ProcessAsync_BatchBeforeSchema_IsAProtocolError()
    {
        var error = await FailAsync("{}", """{"type": "BATCH", "stream": "s", "encoding": {"format": "jsonl"}, "manifest": []}""");

        error.Message.Should().Be("line 1: BATCH for stream 's' before its SCHEMA");
    }

    [Fact]
    public async Task ProcessAsync_SinkFailsWithAProtocolError_DoesNotPassOnTheStateOfTheFailedBatch()
    {
        var act = () => RunWithOutputAsync("""{"batch_size_rows": 2}""",
            records => records.Any(r => Equals(r.Record["id"], 3L)) ? new ProtocolException(0, "the warehouse rejected id 3", "s") : null,
            Schema, Record(1), Record(2), State(2), Record(3), State(3), Record(4), State(4));

        (await act.Should().ThrowAsync<ProtocolException>()).Which.Message.Should().Be("stream 's': the warehouse rejected id 3");
        _events.Should().Contain(Emitted(2));
        _events.Should().NotContain(Emitted(3), "records 3 and 4 were never loaded");
        _events.Should().NotContain(Emitted(4));
        _events.Should().NotContain(e => e.StartsWith("batch s: 3", StringComparison.Ordinal) || e.StartsWith("batch s: 4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProcessAsync_SinkFailsWithAnyOtherError_DoesNotPassOnTheStateOfTheFailedBatch()
    {
        var act = () => RunWithOutputAsync("""{"batch_size_rows": 2}""",
            records => records.Any(r => Equals(r.Record["id"], 3L)) ? new IOException("disk full") : null,
            Schema, Record(1), Record(2), State(2), Record(3), State(3), Record(4), State(4));

        await act.Should().ThrowAsync<IOException>();
        _events.Should().Equal("create s", "batch s: 1,2", Emitted(2), "failed batch s: 3,4");
    }
}
