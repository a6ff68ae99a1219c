using System.Buffers;
using System.Text;
using CsCheck;
using Singer.Sdk.Maps;
using Singer.Sdk.Serialization;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Maps;

/// <summary>
/// The byte paths of stream maps (a tap's <see cref="SingerWriter.BeginRecord"/> records, a target's transcoded records)
/// against the ordinary path (the record parsed, mapped as a message, written): the same bytes for every record.
/// </summary>
public class RecordBytesMapTests
{
    private const string Schema = """
        {"type": "SCHEMA", "stream": "orders", "key_properties": ["id"], "schema": {"type": "object", "properties": {
          "id": {"type": "integer"}, "customer_id": {"type": ["null", "integer"]}, "status": {"type": ["null", "string"]},
          "note": {"type": ["null", "string"]}, "amount": {"type": ["null", "number"]}, "created_at": {"type": ["null", "string"]},
          "tags": {"type": ["null", "array"]}, "extra": {"type": ["null", "object"]}}}}
        """;

    private static readonly string[] Maps =
    [
        """{"stream_maps": {"orders": {"__filter__": "status != 'refunded'", "customer_id": "sha256(str(customer_id))", "note": null, "placed_at": "created_at", "created_at": null}}}""",
        """{"stream_maps": {"orders": {"__else__": null, "note_upper": "note.upper() if note else None", "total": "amount * 2 if amount is not None else 0"}}}""",
        """{"stream_maps": {"orders": {"status": "self", "flag": "record.get('status', 'none')", "cid": "record['customer_id']", "__key_properties__": ["id"]}}}""",
        """{"stream_maps": {"orders": {"__alias__": "sales", "tags": null, "extra": null}}}""",
        """{"stream_maps": {"orders": {"__filter__": "int(customer_id or 0) % 3 != 0"}}}""",
        """{"stream_maps": {"orders": {"all": "json.dumps(record)"}}}""",
        """{"stream_maps": {"orders": null}}""",
        """{"stream_maps": {"orders_copy": {"__source__": "orders", "note": null}}}""",
    ];

    private static readonly string[] Texts = ["paid", "refunded", "", "naïve café", "tab\there", "quote\"and\\slash", "<html>&'", "emoji 🎉", "line\nbreak", "\u2028"];

    private static readonly Gen<string> Scalar = Gen.OneOf(
        Gen.Const("null"), Gen.Const("true"), Gen.Const("false"),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Pick("0", "-0", "-0.0", "1.50", "0.000001", "1e5", "2E-3", "12345678901234567890123", "-1.0", "99999999999999999999999999999.5", "3.14159265358979323846264338327950288"),
        // Either side of the lengths the byte path takes without parsing: 18 characters for an integer, 29 for a decimal.
        Pick("123456789012345678", "-12345678901234567", "1234567890123456789", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "1234567890123456789012345678.9", "-123456789012345678901234567.8", "0.1234567890123456789012345678", "12345678901234567890123456789.5"),
        Pick(Texts).Select(Json),
        Pick("\"\\u0041scii\"", "\"caf\\u00e9\"", "\"\\/slash\""));

    private static readonly Gen<string> Value = Gen.OneOf(Scalar,
        Scalar.Array[0, 3].Select(a => "[" + string.Join(",", a) + "]"),
        Scalar.Select(v => "{\"k\":" + v + ",\"n\":{\"x\":1}}"));

    private static readonly string[] Names = ["id", "customer_id", "status", "note", "amount", "created_at", "tags", "extra", "unknown", "caf\u00e9"];

    /// <summary>A record: the schema's properties (some left out, some typed oddly) in any order, now and then one unknown or repeated.</summary>
    private static readonly Gen<List<(string Name, string Value)>> Record =
        Gen.Select(Gen.Long[1, 1000], Gen.Int[0, 9].Array[0, 9], Value.Array[9], Pick(Texts),
            (id, order, values, status) =>
            {
                var fields = new List<(string, string)> { ("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("status", Json(status)) };
                for (var i = 0; i < order.Length; i++)
                {
                    fields.Add((Names[order[i]], values[i]));
                }
                return fields;
            });

    [Fact]
    public void TapWriter_AnyRecord_WritesWhatTheOrdinaryPathWrites()
    {
        Record.Select(Gen.Int[0, Maps.Length - 1]).Sample((record, map) =>
        {
            var expected = Ordinary(Maps[map], Line(record));
            var actual = TapPath(Maps[map], record);
            actual.Should().Equal(expected, $"map {Maps[map]} on {Line(record)}");
        }, iter: 400);
    }

    [Fact]
    public void TargetTranscoder_AnyRecord_MapsAsTheOrdinaryPathMaps()
    {
        var taken = 0;
        Record.Select(Gen.Int[0, Maps.Length - 1]).Sample((record, map) =>
        {
            var line = Line(record);
            var expected = Ordinary(Maps[map], line).Where(l => l.Contains("\"type\":\"RECORD\"", StringComparison.Ordinal)).ToList();
            var actual = TargetPath(Maps[map], line);
            if (actual is not null)
            {
                actual.Should().Equal(expected, $"map {Maps[map]} on {line}");
                Interlocked.Increment(ref taken);
            }
        }, iter: 1000);
        // Random records mostly fall back to the ordinary path (about 5% take the byte path, varying by seed); a fixed
        // count here failed in CI at 17 of 400; that the path is taken at all is what this checks.
        taken.Should().BeGreaterThan(0, "records of the schema's types take the byte path");
    }

    [Fact]
    public void TargetTranscoder_RecordsInSequence_MapsEachAsTheOrdinaryPathMaps()
    {
        // One transcoder for a whole run, as a target has: it finds a name by comparing it with the name at the same place
        // in the record before, so records change their order, leave names out, repeat one, or spell one with an escape
        // (the same name to the ordinary path) from one record to the next.
        var taken = 0;
        Gen.Select(Record.Select(Gen.Int[0, 3]).List[2, 12], Gen.Int[0, Maps.Length - 1]).Sample((records, map) =>
        {
            var parser = TargetParser(Maps[map]);
            foreach (var (record, spelling) in records)
            {
                var line = spelling == 0 ? EscapedLine(record) : spelling == 1 ? Line([.. record, record[0]]) : Line(record);
                var expected = Ordinary(Maps[map], line).Where(l => l.Contains("\"type\":\"RECORD\"", StringComparison.Ordinal)).ToList();
                var actual = Mapped(parser, line);
                if (actual is not null)
                {
                    actual.Should().Equal(expected, $"map {Maps[map]} on {line} after {records.Count} records");
                    Interlocked.Increment(ref taken);
                }
            }
        }, iter: 300);
        taken.Should().BeGreaterThan(0);
    }

    [Fact]
    public void PipeTranscoder_RecordsInSequence_WriteWhatTheOrdinaryPathWrites()
    {
        // singer-map's path: records mapped from their bytes (read by hand or by the JSON reader) and written as they are
        // mapped, line for line what parsing, mapping and writing each record gives, or left to that ordinary path.
        var taken = 0;
        Gen.Select(Record.Select(Gen.Int[0, 3]).List[1, 10], Gen.Int[0, Maps.Length - 1]).Sample((records, map) =>
        {
            var mapper = StreamMapperTests.Mapper(Maps[map]);
            var parser = new SingerMessageParser(mapper.PipeTranscoderFor);
            parser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Schema.ReplaceLineEndings(" "))), 1);
            foreach (var (record, spelling) in records)
            {
                var line = spelling == 0 ? EscapedLine(record) : spelling == 1 ? Line([.. record, record[0]]) : Line(record);
                RecordMessage read;
                try
                {
                    read = (RecordMessage)parser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)), 2);
                }
                catch (ProtocolException)
                {
                    continue; // the ordinary path's own error
                }
                if (read.IsMapped)
                {
                    var expected = Ordinary(Maps[map], line).Where(l => l.Contains("\"type\":\"RECORD\"", StringComparison.Ordinal)).ToList();
                    (read.IsTranscoded ? [SingerWriter.Serialize(read)] : new List<string>()).Should().Equal(expected, $"map {Maps[map]} on {line}");
                    Interlocked.Increment(ref taken);
                }
            }
        }, iter: 300);
        taken.Should().BeGreaterThan(0);
    }

    [Fact]
    public void PipeTranscoder_RenamedOrCopiedStreams_AreLeftToTheOrdinaryPath()
    {
        // Renamed (__alias__) or copied (__source__) records keep singer-map's counts per stream in one place: the ordinary path.
        var schema = (SchemaMessage)Parse(Schema);
        StreamMapperTests.Mapper(Maps[3]).PipeTranscoderFor(schema).Should().BeNull("__alias__ renames the stream");
        StreamMapperTests.Mapper(Maps[7]).PipeTranscoderFor(schema).Should().BeNull("__source__ makes a second output");
        StreamMapperTests.Mapper(Maps[5]).PipeTranscoderFor(schema).Should().BeNull("json.dumps(record) reads the whole record");
        StreamMapperTests.Mapper(Maps[0]).PipeTranscoderFor(schema).Should().NotBeNull();
    }

    [Fact]
    public void TargetTranscoder_LongMappedRecordsTheHandGivesUpOnLate_MapAsTheOrdinaryPathMaps()
    {
        // The mapped record is read by hand first; here the hand gives up at an escaped text, after the status. Where
        // the parser's output buffer runs out mid-record the status already went to it, and must be taken back before
        // the JSON reader's try: 1,000 records of 2 KB go through one parser, past the end of its first 1 MB buffer.
        var line = Line([("id", "1"), ("status", Json(new string('a', 2000))), ("amount", "1.5"), ("note", Json("tab\there")), ("created_at", Json("tab\there"))]);
        var taken = 0;
        foreach (var map in Maps)
        {
            var expected = Ordinary(map, line).Where(l => l.Contains("\"type\":\"RECORD\"", StringComparison.Ordinal)).ToList();
            var parser = TargetParser(map);
            for (var i = 0; i < 1000; i++)
            {
                if (Mapped(parser, line) is not { } actual)
                {
                    break;
                }
                actual.Should().Equal(expected, $"map {map}, record {i}");
                taken++;
            }
        }
        taken.Should().BeGreaterThanOrEqualTo(3000, "the maps that keep the note take the byte path");
    }

    [Fact]
    public void TargetTranscoder_LinesReadByHand_MapAsWhenReadByTheJsonReader()
    {
        // Lines in sequence through one parser each way, as a target reads them: the same records, filtered or mapped,
        // or the same error; records whose values are all plain are read by hand.
        var byHand = 0L;
        Gen.Select(Record.Select(Gen.Int[0, 3]).List[1, 8], Gen.Int[0, Maps.Length - 1]).Sample((records, map) =>
        {
            var plain = TargetParser(Maps[map]);
            var reader = TargetParser(Maps[map], readsPlain: false);
            foreach (var (record, spelling) in records)
            {
                var line = spelling == 0 ? Line([.. record, record[0]]) : Line(record);
                Outcome(plain, line).Should().Equal(Outcome(reader, line), $"map {Maps[map]} on {line}");
            }
            Interlocked.Add(ref byHand, plain.PlainRecords);
        }, iter: 400);
        byHand.Should().BeGreaterThan(0, "records of plain values are read by hand");
    }

    [Fact]
    public void TargetTranscoder_TypicalLine_IsReadByHandAndMapped()
    {
        var parser = TargetParser(Maps[0]);

        var mapped = Mapped(parser, """{"type": "RECORD", "stream": "orders", "record": {"id": 1, "customer_id": 5, "status": "paid", "note": "n", "amount": 1.50, "created_at": "2024-01-01"}, "version": 7, "time_extracted": "2024-01-02T03:04:05.000000Z"}""");

        parser.PlainRecords.Should().Be(1);
        mapped.Should().Equal("""{"type":"RECORD","stream":"orders","record":{"id":1,"customer_id":"ef2d127de37b942baad06145e54b0c619a1f22327b2ebbcfbec78f5564afe39d","status":"paid","amount":1.50,"placed_at":"2024-01-01"},"version":7,"time_extracted":"2024-01-02T03:04:05.000000Z"}""");
    }

    /// <summary>What a parser makes of a line: the mapped RECORD line, none (filtered), the record as parsed (declined), or the error.</summary>
    private static List<string> Outcome(SingerMessageParser parser, string line)
    {
        try
        {
            var record = (RecordMessage)parser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)), 2);
            return record.Mapping switch
            {
                RecordMapping.Filtered => [],
                RecordMapping.Applied => [record.Stream + " " + Encoding.UTF8.GetString(record.Encoded.Span)],
                _ => ["declined " + SingerJson.Serialize(record.Record)],
            };
        }
        catch (ProtocolException ex)
        {
            return ["error: " + ex.Message];
        }
    }

    /// <summary>The record with the first letter of each name written as a \u escape.</summary>
    private static string EscapedLine(List<(string Name, string Value)> record) =>
        "{\"type\":\"RECORD\",\"stream\":\"orders\",\"record\":{"
        + string.Join(",", record.Select(f => "\"\\u" + ((int)f.Name[0]).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + Json(f.Name)[2..] + ":" + f.Value))
        + "},\"version\":7,\"time_extracted\":\"2024-01-02T03:04:05.000000Z\"}";

    /// <summary>The properties of <see cref="Schema"/>, for records from <see cref="SingerGen"/>: odd JSON of every kind, invalid UTF-8 included.</summary>
    private static readonly PropertySpec[] OrdersProperties =
    [
        new("id", "", SingerGen.ValuesOf("integer"), true),
        new("customer_id", "", SingerGen.ValuesOf("null", "integer"), false),
        new("status", "", SingerGen.ValuesOf("null", "string"), false),
        new("note", "", SingerGen.ValuesOf("null", "string"), false),
        new("amount", "", SingerGen.ValuesOf("null", "number"), false),
        new("created_at", "", SingerGen.ValuesOf("null", "string"), false),
        new("tags", "", SingerGen.ValuesOf("null", "array"), false),
        new("extra", "", SingerGen.ValuesOf("null", "object"), false),
    ];

    [Fact]
    public void TargetTranscoder_GeneratedRecords_MapsAsTheOrdinaryPathMaps()
    {
        var taken = 0;
        SingerGen.Record(OrdersProperties).SelectMany(r => SingerGen.RecordLine("orders", r)).Select(Gen.Int[0, Maps.Length - 1]).Sample((line, map) =>
        {
            var expected = OrdinaryRecords(Maps[map], line);
            var actual = TargetRecords(Maps[map], line);
            if (actual is not null)
            {
                actual.Should().Equal(expected);
                Interlocked.Increment(ref taken);
            }
        }, iter: 600, print: sample => SingerGen.Show(sample.Item1) + "\nmap " + Maps[sample.Item2]);

        taken.Should().BeGreaterThan(60, "records of the schema's types take the byte path");
    }

    [Fact]
    public void TapWriter_TypicalMap_TakesTheBytePath()
    {
        var mapper = StreamMapperTests.Mapper(Maps[0]);
        mapper.Map(Parse(Schema));
        var maps = mapper.BytesMapsOf("orders");
        maps.Should().NotBeNull();
        var reader = new System.Text.Json.Utf8JsonReader("""{"id":1,"customer_id":5,"status":"paid","note":"n","created_at":"2024-01-01"}"""u8);
        reader.Read();
        maps![0].BytesMap!.TryMap(ref reader).Should().Be(RecordBytesMap.Outcome.Written);
        Encoding.UTF8.GetString(maps[0].BytesMap!.Mapped.Span).Should().Be(
            """{"id":1,"customer_id":"ef2d127de37b942baad06145e54b0c619a1f22327b2ebbcfbec78f5564afe39d","status":"paid","placed_at":"2024-01-01"}""");
        var whole = StreamMapperTests.Mapper(Maps[5]);
        whole.Map(Parse(Schema));
        whole.BytesMapsOf("orders").Should().BeNull("json.dumps(record) reads the whole record");
    }

    private static Gen<string> Pick(params string[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    private static string Json(string text) => SingerJson.Serialize(text);

    private static string Line(List<(string Name, string Value)> record) =>
        "{\"type\":\"RECORD\",\"stream\":\"orders\",\"record\":{" + string.Join(",", record.Select(f => Json(f.Name) + ":" + f.Value))
        + "},\"version\":7,\"time_extracted\":\"2024-01-02T03:04:05.000000Z\"}";

    private static SingerMessage Parse(string line) =>
        new SingerMessageParser().Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line.ReplaceLineEndings(" "))), 1);

    /// <summary>The record parsed, mapped as a message, and written; an error as its message.</summary>
    private static List<string> Ordinary(string config, string line)
    {
        try
        {
            return StreamMapperTests.Run(config, Schema, line);
        }
        catch (Exception ex) when (ex is SingerException or ProtocolException)
        {
            return ["error: " + ex.Message];
        }
    }

    /// <summary>The records the ordinary path makes of <paramref name="line"/> (parsed, mapped as a message) as "stream record", or its error.</summary>
    private static List<string> OrdinaryRecords(string config, byte[] line)
    {
        var mapper = StreamMapperTests.Mapper(config);
        var parser = new SingerMessageParser();
        try
        {
            mapper.Map(parser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Schema.ReplaceLineEndings(" "))), 1));
            return [.. mapper.Map(parser.Parse(new ReadOnlySequence<byte>(line), 2)).OfType<RecordMessage>()
                .Select(r => r.Stream + " " + SingerJson.Serialize(r.Record))];
        }
        catch (Exception ex) when (ex is SingerException or ProtocolException)
        {
            return ["error: " + ex.Message];
        }
    }

    /// <summary>
    /// The records a target's transcoder makes of <paramref name="line"/> with the maps in use, as "stream record"; its
    /// error when the line is not read; or null when the transcoder declined the record (the ordinary path then maps it).
    /// </summary>
    private static List<string>? TargetRecords(string config, byte[] line)
    {
        var mapper = StreamMapperTests.Mapper(config);
        var parser = new SingerMessageParser(schema => mapper.TranscoderFor(schema,
            output => JsonRecordTranscoder.For(output.ParsedSchema, SingerWriter.Options.Encoder!)));
        parser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Schema.ReplaceLineEndings(" "))), 1);
        RecordMessage record;
        try
        {
            record = (RecordMessage)parser.Parse(new ReadOnlySequence<byte>(line), 2);
        }
        catch (ProtocolException ex)
        {
            return ["error: " + ex.Message];
        }
        return record.Mapping switch
        {
            RecordMapping.Filtered => [],
            RecordMapping.Applied => [record.Stream + " " + Encoding.UTF8.GetString(record.Encoded.Span)],
            _ => null,
        };
    }

    /// <summary>The record written by a tap through <see cref="SingerWriter.BeginRecord"/> with the maps in use.</summary>
    private static List<string> TapPath(string config, List<(string Name, string Value)> record)
    {
        using var output = new MemoryStream();
        try
        {
            var writer = new SingerWriter(output);
            writer.UseMaps(StreamMapperTests.Mapper(config));
            writer.WriteAsync(Parse(Schema)).AsTask().GetAwaiter().GetResult();
            var json = writer.BeginRecord(SingerWriter.Encode("orders"));
            foreach (var (name, value) in record)
            {
                json.WritePropertyName(name);
                json.WriteRawValue(value, skipInputValidation: true);
            }
            writer.EndRecordAsync(7, SingerWriter.Encode("2024-01-02T03:04:05.000000Z")).AsTask().GetAwaiter().GetResult();
            writer.FlushAsync().AsTask().GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is SingerException or ProtocolException)
        {
            return ["error: " + ex.Message];
        }
        return [.. Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }

    /// <summary>
    /// The record read by a target whose transcoder writes JSON (as target-duckdb's does), with the maps in use: the RECORD
    /// lines it stands for, or null when the transcoder declined it (the ordinary path then maps it).
    /// </summary>
    private static List<string>? TargetPath(string config, string line) => Mapped(TargetParser(config), line);

    /// <summary>A target's parser with the maps in use, past the SCHEMA; with <paramref name="readsPlain"/> false, RECORD lines go to the JSON reader only.</summary>
    private static SingerMessageParser TargetParser(string config, bool readsPlain = true)
    {
        var mapper = StreamMapperTests.Mapper(config);
        var parser = new SingerMessageParser(schema => mapper.TranscoderFor(schema,
            output => JsonRecordTranscoder.For(output.ParsedSchema, SingerWriter.Options.Encoder!))) { ReadsPlain = readsPlain };
        parser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(Schema.ReplaceLineEndings(" "))), 1);
        return parser;
    }

    private static List<string>? Mapped(SingerMessageParser parser, string line)
    {
        RecordMessage record;
        try
        {
            record = (RecordMessage)parser.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(line)), 2);
        }
        catch (ProtocolException)
        {
            return null; // the ordinary path's own error
        }
        return record.Mapping switch
        {
            RecordMapping.Filtered => [],
            RecordMapping.Applied => [$$"""{"type":"RECORD","stream":{{Json(record.Stream)}},"record":{{Encoding.UTF8.GetString(record.Encoded.Span)}},"version":7,"time_extracted":"2024-01-02T03:04:05.000000Z"}"""],
            _ => null,
        };
    }
}
