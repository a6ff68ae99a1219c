using System.Numerics;
using System.Text;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Serialization;

public sealed class SingerWriterTests
{
    [Fact]
    public void Serialize_SchemaWithoutBookmarks_WritesKeyPropertiesAndOmitsBookmarkProperties()
    {
        var schema = new SchemaMessage("s", SingerText.Object("""{"type": "object"}"""), []);

        SingerWriter.Serialize(schema).Should().Be("""{"type":"SCHEMA","stream":"s","schema":{"type":"object"},"key_properties":[]}""");
    }

    [Fact]
    public void Serialize_RecordWithoutOptionalFields_WritesOnlyStreamAndRecord()
    {
        var record = new RecordMessage("s", new Dictionary<string, object?> { ["id"] = 1L });

        SingerWriter.Serialize(record).Should().Be("""{"type":"RECORD","stream":"s","record":{"id":1}}""");
    }

    [Fact]
    public void Serialize_BatchWithoutCompression_OmitsCompression()
    {
        var batch = new BatchMessage("s", new BatchEncoding("jsonl", null), ["file:///a.jsonl", "file:///b.jsonl"]);

        SingerWriter.Serialize(batch).Should().Be("""{"type":"BATCH","stream":"s","encoding":{"format":"jsonl"},"manifest":["file:///a.jsonl","file:///b.jsonl"]}""");
    }

    [Fact]
    public void Serialize_ClrValuesATapProduces_UsesSingerPythonShapes()
    {
        var record = new RecordMessage("s", new Dictionary<string, object?>
        {
            ["dto"] = new DateTimeOffset(2024, 1, 1, 2, 0, 30, 123, TimeSpan.FromHours(2)),
            ["utc"] = new DateTime(2024, 1, 1, 0, 0, 30, DateTimeKind.Utc),
            ["date"] = new DateOnly(2024, 2, 29),
            ["time"] = new TimeOnly(23, 59, 59, 500),
            ["bytes"] = new byte[] { 1, 2, 255 },
            ["guid"] = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"),
            ["nan"] = double.NaN,
            ["inf"] = double.PositiveInfinity,
            ["dbl"] = -1.5,
            ["int"] = 7,
            ["ulong"] = ulong.MaxValue,
            ["big"] = BigInteger.Pow(10, 30),
            ["bigdec"] = BigDecimal.Parse("1.0e-40"),
            ["dec"] = 2.50m,
            ["arr"] = new[] { "a", "b" },
        });

        SingerWriter.Serialize(record).Should().Be(
            "{\"type\":\"RECORD\",\"stream\":\"s\",\"record\":{"
            + "\"dto\":\"2024-01-01T00:00:30.123000Z\",\"utc\":\"2024-01-01T00:00:30.000000Z\",\"date\":\"2024-02-29\",\"time\":\"23:59:59.500000\","
            + "\"bytes\":\"AQL/\",\"guid\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"nan\":null,\"inf\":null,\"dbl\":-1.5,\"int\":7,"
            + "\"ulong\":18446744073709551615,\"big\":1000000000000000000000000000000,\"bigdec\":1.0e-40,\"dec\":2.50,\"arr\":[\"a\",\"b\"]}}");
    }

    [Fact]
    public void Serialize_UnwritableValue_Throws()
    {
        var record = new RecordMessage("s", new Dictionary<string, object?> { ["x"] = new object() });

        var act = () => SingerWriter.Serialize(record);

        act.Should().Throw<ArgumentException>().WithMessage("cannot write a Object as JSON");
    }

    [Fact]
    public void Serialize_StringWithAnUnpairedSurrogate_Throws()
    {
        // Utf8JsonWriter writes an unpaired surrogate as U+FFFD: the value read back was silently another one.
        static string Error(string key, string value) =>
            FluentActions.Invoking(() => SingerWriter.Serialize(new RecordMessage("s", new() { [key] = value }))).Should().Throw<ArgumentException>().Which.Message;

        Error("x", "a\ud800b").Should().Be("cannot write a string with an unpaired surrogate (\\ud800 at character 1) as JSON");
        Error("\udfff", "x").Should().Be("cannot write a string with an unpaired surrogate (\\udfff at character 0) as JSON");
        Error("ok", "\ude00\ud83d").Should().Be("cannot write a string with an unpaired surrogate (\\ude00 at character 0) as JSON");
        SingerWriter.Serialize(new RecordMessage("s", new() { ["\ud83d\ude00"] = "\ud83d\ude00" })).Should().Be("{\"type\":\"RECORD\",\"stream\":\"s\",\"record\":{\"\\uD83D\\uDE00\":\"\\uD83D\\uDE00\"}}");
    }

    [Fact]
    public async Task WriteAsync_RecordsBeforeAState_StayBufferedUntilTheStateFlushesThem()
    {
        using var output = new MemoryStream();
        await using var writer = new SingerWriter(output);

        await writer.WriteAsync(new RecordMessage("s", new Dictionary<string, object?> { ["id"] = 1L }));
        var afterRecord = output.Length;
        await writer.WriteAsync(new StateMessage(new Dictionary<string, object?> { ["k"] = 1L }));

        afterRecord.Should().Be(0);
        Encoding.UTF8.GetString(output.ToArray()).Should().Be(
            """{"type":"RECORD","stream":"s","record":{"id":1}}""" + "\n" + """{"type":"STATE","value":{"k":1}}""" + "\n");
    }

    [Fact]
    public async Task WriteAsync_MoreThanTheFlushThreshold_WritesWithoutAnExplicitFlush()
    {
        using var output = new MemoryStream();
        await using var writer = new SingerWriter(output);
        var record = new RecordMessage("s", new Dictionary<string, object?> { ["pad"] = new string('x', 1000) });

        for (var i = 0; i < 100; i++)
        {
            await writer.WriteAsync(record);
        }

        output.Length.Should().BeGreaterThanOrEqualTo(64 * 1024).And.BeLessThan(100 * (SingerWriter.Serialize(record).Length + 1));
    }

    [Fact]
    public async Task WriteLineAsync_BareState_WritesTheObjectAloneAndFlushes()
    {
        using var output = new MemoryStream();
        await using var writer = new SingerWriter(output);

        await writer.WriteLineAsync(SingerText.Object("""{"currently_syncing": null, "bookmarks": {"db-t": {"v": 1.50}}}"""));

        Encoding.UTF8.GetString(output.ToArray()).Should().Be("""{"currently_syncing":null,"bookmarks":{"db-t":{"v":1.50}}}""" + "\n");
    }

    [Fact]
    public async Task DisposeAsync_PendingLines_AreFlushed()
    {
        using var output = new MemoryStream();
        await using (var writer = new SingerWriter(output))
        {
            await writer.WriteAsync(new ActivateVersionMessage("s", 3));
        }

        Encoding.UTF8.GetString(output.ToArray()).Should().Be("""{"type":"ACTIVATE_VERSION","stream":"s","version":3}""" + "\n");
    }

    /// <summary>
    /// A record already JSON is written from kept envelope bytes (per stream and time_extracted): every line, the stream
    /// or time_extracted changing or not, the bytes the JSON writer writes for the message.
    /// </summary>
    [Fact]
    public async Task WriteAsync_EncodedRecords_TheLinesTheJsonWriterWrites()
    {
        string[] streams = ["s", "orders", "a\"b", "tab\there", "ü-é/路", "</script>", "a\\b", "\u0001x"];
        string?[] extracted = [null, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "x\"y", "é\n"];
        long?[] versions = [null, 0, 1, -5, long.MaxValue, long.MinValue];
        var messages = new List<RecordMessage>();
        var random = new Random(17);
        for (var i = 0; i < 400; i++)
        {
            // Strings made anew sometimes, so the same text comes as another instance.
            var name = random.Next(3) == 0 ? streams[random.Next(streams.Length)] : "orders";
            var stream = random.Next(4) == 0 ? new string(name.AsSpan()) : name;
            var pick = extracted[random.Next(extracted.Length)];
            var time = pick is not null && random.Next(4) == 0 ? new string(pick.AsSpan()) : pick;
            var json = random.Next(3) == 0 ? "{}" : $$"""{"id":{{i}},"name":"n\u00e9 {{i}}"}""";
            messages.Add(new RecordMessage(stream, [], versions[random.Next(versions.Length)], time) { Encoded = Encoding.UTF8.GetBytes(json) });
        }
        using var output = new MemoryStream();
        await using (var writer = new SingerWriter(output))
        {
            foreach (var message in messages)
            {
                await writer.WriteAsync(message);
            }
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n');
        lines.Should().HaveCount(messages.Count + 1);
        lines[^1].Should().BeEmpty();
        for (var i = 0; i < messages.Count; i++)
        {
            lines[i].Should().Be(SingerWriter.Serialize(messages[i]), $"line {i + 1}");
        }
        lines.Should().Contain(l => l.StartsWith("{\"type\":\"RECORD\",\"stream\":\"a\\\"b\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WriteRecordAsync_TheRecordsBytes_TheLineBeginRecordWrites()
    {
        var stream = SingerWriter.Encode("s \"q\" é");
        using var begun = new MemoryStream();
        await using (var writer = new SingerWriter(begun))
        {
            var json = writer.BeginRecord(stream);
            json.WriteNumber("id", 1);
            json.WriteString("t", "é<&>\"");
            await writer.EndRecordAsync(version: null, timeExtracted: null);
        }
        using var fromBytes = new MemoryStream();
        await using (var writer = new SingerWriter(fromBytes))
        {
            writer.TakesRecordBytes(stream).Should().BeTrue();
            await writer.WriteRecordAsync(stream, """{"id":1,"t":"é<&>\""}"""u8);
        }

        Encoding.UTF8.GetString(fromBytes.ToArray()).Should().Be(Encoding.UTF8.GetString(begun.ToArray()))
            .And.Be("""{"type":"RECORD","stream":"s \"q\" é","record":{"id":1,"t":"é<&>\""}}""" + "\n");
    }

    [Fact]
    public async Task WriteRecordAsync_AStreamMapsRewrite_Refused_OthersTaken()
    {
        using var output = new MemoryStream();
        await using var writer = new SingerWriter(output);
        writer.UseMaps(Singer.Sdk.Maps.StreamMapper.FromConfig(new PluginConfig((Dictionary<string, object?>)SingerJson.Parse(
            """{"stream_maps": {"a": {"x": "id * 2"}}}""")!))!);

        writer.TakesRecordBytes(SingerWriter.Encode("a")).Should().BeFalse();
        writer.TakesRecordBytes(SingerWriter.Encode("b")).Should().BeTrue();
        var refused = async () => await writer.WriteRecordAsync(SingerWriter.Encode("a"), """{"id":1}"""u8.ToArray());
        await refused.Should().ThrowAsync<InvalidOperationException>().WithMessage("*stream 'a'*maps rewrite*");
        await writer.WriteRecordAsync(SingerWriter.Encode("b"), """{"id":1}"""u8);
        await writer.FlushAsync();

        Encoding.UTF8.GetString(output.ToArray()).Should().Be("""{"type":"RECORD","stream":"b","record":{"id":1}}""" + "\n");
    }
}
