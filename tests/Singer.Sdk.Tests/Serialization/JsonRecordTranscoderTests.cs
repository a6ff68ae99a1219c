using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Singer.Sdk.Serialization;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Serialization;

/// <summary>
/// The transcoder must write exactly what parsing the record and writing it back would, and must decline every
/// record the validator would refuse (it may decline more: those take the ordinary path).
/// </summary>
public sealed class JsonRecordTranscoderTests
{
    private const string Schema = """
        {"type": "object", "properties": {
          "id": {"type": ["null", "integer"], "minimum": -9223372036854775808, "maximum": 9223372036854775807},
          "small": {"type": ["null", "integer"], "minimum": -128, "maximum": 127},
          "amount": {"type": ["null", "number"], "multipleOf": 0.01},
          "ratio": {"type": ["null", "number"]},
          "name": {"type": ["null", "string"], "maxLength": 10},
          "text": {"type": ["null", "string"]},
          "at": {"type": ["null", "string"], "format": "date-time"},
          "day": {"type": ["null", "string"], "format": "date"},
          "clock": {"type": ["null", "string"], "format": "time"},
          "flag": {"type": ["null", "boolean"]},
          "code": {"type": "string", "enum": ["a", "b"]},
          "strict": {"type": "integer"},
          "doc": {"type": ["null", "object"]}
        }}
        """;

    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    [Theory]
    [InlineData("""{"id": 1, "small": -128, "amount": 42445.19, "name": "paid", "at": "2024-01-01T23:17:20.116739Z", "flag": true}""")]
    [InlineData("""{"id": 9223372036854775807, "small": 127, "amount": -0.10, "ratio": 12345678901234567890.1234567890, "flag": false}""")]
    [InlineData("""{"id": -9223372036854775808, "ratio": 1.50, "text": "", "day": "2024-02-29", "at": "9999-12-31T23:59:59.999999Z"}""")]
    [InlineData("""{"id": null, "small": null, "amount": null, "ratio": null, "name": null, "text": null, "at": null, "day": null, "clock": null, "flag": null, "doc": null}""")]
    [InlineData("""{"text": "caf\u00e9 \"quoted\" back\\slash\ttab\nline \ud83d\ude00 end"}""")]
    [InlineData("""{"text": "raw UTF-8: café, 日本語, 😀", "name": "über"}""")]
    [InlineData("""{"text": " !#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[]^_`abcxyz{|}~"}""")]
    [InlineData("""{"text": "<script>alert('x')</script> & \u2028 \u0000 \u007f"}""")]
    [InlineData("""{"amount": 0, "ratio": 0.000000000000000000000000000001, "id": 0}""")]
    [InlineData("""{"strict": 5, "id": 2}""")]
    [InlineData("""{}""")]
    public void TakenRecords_AreWrittenExactlyAsTheOrdinaryPathWrites(string record)
    {
        var transcoded = Transcode(record);

        transcoded.Should().NotBeNull("every value here is certainly valid");
        transcoded.Should().Be(WrittenAfterParsing(record));
        ValidatorAccepts(record).Should().BeTrue();
    }

    [Theory]
    [InlineData("""{"id": 1.5}""", true)] // an integer column: the validator decides
    [InlineData("""{"id": "1"}""", true)]
    [InlineData("""{"small": 128}""", true)]
    [InlineData("""{"small": -129}""", true)]
    [InlineData("""{"id": 99999999999999999999}""", true)]
    [InlineData("""{"amount": 1.005}""", true)]
    [InlineData("""{"amount": 1.500}""", false)] // valid, but only the exact arithmetic knows
    [InlineData("""{"amount": 1e2}""", false)]
    [InlineData("""{"ratio": -0}""", false)]
    [InlineData("""{"ratio": -0.0}""", false)]
    [InlineData("""{"ratio": -0.000}""", false)]
    [InlineData("""{"name": "eleven chars"}""", true)]
    [InlineData("""{"name": "ünïcödé"}""", false)] // 7 characters, 11 bytes: only counting knows
    [InlineData("""{"at": "2024-02-30T00:00:00Z"}""", true)]
    [InlineData("""{"at": "not a date"}""", true)]
    [InlineData("""{"at": "2024-01-01T00:00:00+02:00"}""", false)] // valid, not the canonical form
    [InlineData("""{"day": "2023-02-29"}""", true)]
    [InlineData("""{"clock": "12:00:00"}""", false)]
    [InlineData("""{"flag": 1}""", true)]
    [InlineData("""{"code": "a"}""", false)]
    [InlineData("""{"code": "z"}""", true)]
    [InlineData("""{"strict": null}""", true)]
    [InlineData("""{"doc": {"a": 1}}""", false)]
    [InlineData("""{"unknown": 1}""", false)]
    [InlineData("""{"id": 1, "id": 2}""", false)]
    [InlineData("""{"\u0069d": 1}""", false)]
    public void DoubtfulRecords_AreDeclined(string record, bool invalid)
    {
        Transcode(record).Should().BeNull();
        ValidatorAccepts(record).Should().Be(!invalid);
    }

    [Fact]
    public void RequiredProperties_MissingOnes_AreDeclined()
    {
        var schema = JsonSchema.Parse(SingerText.Object("""{"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}"""));
        var transcoder = JsonRecordTranscoder.For(schema, Encoder)!;

        Transcode(transcoder, """{"id": 1}""").Should().Be("""{"id":1}""");
        Transcode(transcoder, """{}""").Should().BeNull();
    }

    [Theory]
    [InlineData("""{"id": 123456789012345678, "amount": 1234567890123456.78, "text": "x", "flag": true}""", """{"id":123456789012345678,"amount":"1234567890123456.78","text":"x","flag":true}""")]
    [InlineData("""{"amount": -0.01, "ratio": 5, "text": null}""", """{"amount":"-0.01","ratio":"5","text":null}""")]
    [InlineData("""{"amount": 7, "ratio": 1.25}""", """{"amount":"7","ratio":"1.25"}""")]
    [InlineData("""{"id": 123456789012345678901}""", null)] // more integer digits than the reader takes
    [InlineData("""{"id": -1234567890123456789}""", null)] // 19 digits; the sign is not one
    [InlineData("""{"id": -123456789012345678}""", """{"id":-123456789012345678}""")]
    [InlineData("""{"amount": 12345678901234567.89}""", null)]
    [InlineData("""{"id": 5, "text": 5}""", null)] // not a kind the reader takes there, though the schema might allow it
    [InlineData("""{"flag": "true"}""", null)]
    [InlineData("""{"doc": null}""", """{"doc":null}""")]
    [InlineData("""{"clock": null}""", """{"clock":null}""")]
    public void Limits_DeclineWhatTheReaderCannotTakeAndQuoteNumbers(string record, string? expected)
    {
        var schema = JsonSchema.Parse(SingerText.Object("""
            {"type": "object", "properties": {
              "id": {"type": ["null", "integer"]},
              "amount": {"type": ["null", "number"], "multipleOf": 0.01},
              "ratio": {"type": ["null", "number"]},
              "text": {"type": ["null", "string", "integer"]},
              "flag": {"type": ["null", "boolean", "string"]},
              "doc": {"type": ["null", "object"]},
              "clock": {"type": ["null", "string"], "format": "time"}
            }}
            """));
        var limits = new Dictionary<string, JsonFieldLimits>
        {
            ["id"] = new() { Accepts = JsonTypes.Null | JsonTypes.Integer, MaxIntegerDigits = 18 },
            ["amount"] = new() { Accepts = JsonTypes.Null | JsonTypes.Number, QuoteNumbers = true, MaxIntegerDigits = 16 },
            ["ratio"] = new() { Accepts = JsonTypes.Null | JsonTypes.Number, QuoteNumbers = true },
            ["text"] = new() { Accepts = JsonTypes.Null | JsonTypes.String },
            ["flag"] = new() { Accepts = JsonTypes.Null | JsonTypes.Boolean },
            ["doc"] = JsonFieldLimits.NullOnly,
            ["clock"] = JsonFieldLimits.NullOnly,
        };
        var transcoder = JsonRecordTranscoder.For(schema, Encoder, name => limits[name])!;

        Transcode(transcoder, record).Should().Be(expected);
    }

    [Fact]
    public void Limits_AnIntegerOnlyField_DeclinesFractions()
    {
        var schema = JsonSchema.Parse(SingerText.Object("""{"type": "object", "properties": {"n": {"type": "number"}}}"""));
        var transcoder = JsonRecordTranscoder.For(schema, Encoder, _ => new JsonFieldLimits { Accepts = JsonTypes.Integer })!;

        Transcode(transcoder, """{"n": 3}""").Should().Be("""{"n":3}""");
        Transcode(transcoder, """{"n": 3.5}""").Should().BeNull();
        Transcode(transcoder, """{"n": null}""").Should().BeNull("the schema does not allow null, and the limits do not either");
    }

    [Fact]
    public void DefaultEncoder_PrintableAsciiItEscapes_IsEscapedAsTheWriterEscapes()
    {
        // The default encoder escapes HTML-sensitive ASCII; plain strings were once copied as they came whatever the encoder.
        var transcoder = JsonRecordTranscoder.For(ParsedSchema(), JavaScriptEncoder.Default)!;
        const string Record = """{"text": "a+b <c> & 'd' `e`", "name": "plain"}""";

        Transcode(transcoder, Record).Should().Be("""{"text":"a\u002Bb \u003Cc\u003E \u0026 \u0027d\u0027 \u0060e\u0060","name":"plain"}""");
        Transcode(transcoder, Record).Should().Be(WrittenAfterParsing(Record, JavaScriptEncoder.Default));
    }

    [Fact]
    public void KeysInAnotherOrder_AreFoundAndKeptInInputOrder()
    {
        var transcoder = JsonRecordTranscoder.For(ParsedSchema(), Encoder)!;

        Transcode(transcoder, """{"id": 1, "name": "a"}""").Should().Be("""{"id":1,"name":"a"}""");
        Transcode(transcoder, """{"name": "b", "id": 2}""").Should().Be("""{"name":"b","id":2}""");
        Transcode(transcoder, """{"id": 3, "name": "c"}""").Should().Be("""{"id":3,"name":"c"}""");
    }

    [Fact]
    public void SchemasItCannotCheck_GetNoTranscoder()
    {
        JsonRecordTranscoder.For(JsonSchema.Parse(SingerText.Object("""{"anyOf": [{"type": "object"}, {"type": "null"}]}""")), Encoder).Should().BeNull();
        JsonRecordTranscoder.For(JsonSchema.Parse(SingerText.Object("""{"type": "object"}""")), Encoder).Should().BeNull();
        JsonRecordTranscoder.For(JsonSchema.Parse(SingerText.Object("""{"type": "object", "required": ["x"], "properties": {}}""")), Encoder).Should().BeNull();
    }

    [Fact]
    public async Task Reader_WithATranscoder_EncodesTakenRecordsAndParsesTheRest()
    {
        var input = string.Join('\n',
            """{"type": "SCHEMA", "stream": "s", "schema": {"type": "object", "properties": {"id": {"type": "integer"}}}, "key_properties": []}""",
            """{"type": "SCHEMA", "stream": "plain", "schema": {"type": "object", "properties": {"id": {"type": "integer"}}}, "key_properties": []}""",
            """{"type": "RECORD", "stream": "s", "record": {"id": 1}, "version": 7, "time_extracted": "2024-01-01T00:00:00Z"}""",
            """{"type": "RECORD", "stream": "s", "record": {"id": "bad"}}""",
            """{"type": "RECORD", "stream": "plain", "record": {"id": 3}}""",
            """{"record": {"id": 4}, "type": "RECORD", "stream": "s"}""",
            """{"type": "RECORD", "stream": "s", "record": {"id": 5}, "record": {"id": 6}}""");
        var reader = new SingerReader(
            new MemoryStream(Encoding.UTF8.GetBytes(input)),
            createTranscoder: schema => schema.Stream == "s" ? JsonRecordTranscoder.For(schema.ParsedSchema, Encoder) : null);

        var records = new List<RecordMessage>();
        await foreach (var line in reader.ReadAllAsync())
        {
            if (line.Message is RecordMessage record)
            {
                records.Add(record);
            }
        }

        records.Should().HaveCount(5);
        Encoding.UTF8.GetString(records[0].Encoded.Span).Should().Be("""{"id":1}""");
        records[0].Record.Should().BeEmpty();
        records[0].Version.Should().Be(7);
        records[0].TimeExtracted.Should().Be("2024-01-01T00:00:00Z");
        records[1].IsTranscoded.Should().BeFalse("a value the schema refuses is left to the validator");
        records[1].Record["id"].Should().Be("bad");
        records[2].IsTranscoded.Should().BeFalse("stream 'plain' has no transcoder");
        records[3].IsTranscoded.Should().BeFalse("the stream was not known when the record was read");
        records[3].Record["id"].Should().Be(4L);
        Encoding.UTF8.GetString(records[4].Encoded.Span).Should().Be("""{"id":6}""", "a repeated 'record' field: the last one wins, as when parsing");
    }

    [Fact]
    public async Task Reader_SchemaTheTranscoderCannotTake_LeavesItsErrorToTheOrdinaryPath()
    {
        var input = """
            {"type": "SCHEMA", "stream": "s", "schema": {"type": "object", "properties": 5}, "key_properties": []}
            {"type": "RECORD", "stream": "s", "record": {"id": 1}}
            """;
        var reader = new SingerReader(
            new MemoryStream(Encoding.UTF8.GetBytes(input)),
            createTranscoder: schema => JsonRecordTranscoder.For(JsonSchema.Parse(schema.Schema), Encoder));

        var lines = new List<SingerLine>();
        await foreach (var line in reader.ReadAllAsync())
        {
            lines.Add(line);
        }

        lines.Should().HaveCount(2, "the reader passes the schema on; the target reports it at line 1");
        var record = lines[1].Message.Should().BeOfType<RecordMessage>().Subject;
        record.IsTranscoded.Should().BeFalse();
        record.Record["id"].Should().Be(1L);
    }

    [Fact]
    public async Task Reader_MalformedJsonInsideATranscodedRecord_ReportsTheOrdinaryError()
    {
        var input = """
            {"type": "SCHEMA", "stream": "s", "schema": {"type": "object", "properties": {"id": {"type": "integer"}}}, "key_properties": []}
            {"type": "RECORD", "stream": "s", "record": {"id": 1,}}
            """;
        var reader = new SingerReader(new MemoryStream(Encoding.UTF8.GetBytes(input)), createTranscoder: schema => JsonRecordTranscoder.For(schema.ParsedSchema, Encoder));

        var read = async () =>
        {
            await foreach (var _ in reader.ReadAllAsync())
            {
            }
        };

        (await read.Should().ThrowAsync<ProtocolException>()).Which.Message.Should().StartWith("line 2: invalid JSON");
    }

    private static JsonSchema ParsedSchema() => JsonSchema.Parse(SingerText.Object(Schema));

    private static string? Transcode(string record) => Transcode(JsonRecordTranscoder.For(ParsedSchema(), Encoder)!, record);

    private static string? Transcode(RecordTranscoder transcoder, string record)
    {
        var output = new ArrayBufferWriter<byte>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(record));
        reader.Read();
        return transcoder.TryTranscode(ref reader, output, out _) ? Encoding.UTF8.GetString(output.WrittenSpan) : null;
    }

    private static string WrittenAfterParsing(string record, JavaScriptEncoder? encoder = null)
    {
        var output = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = encoder ?? Encoder, SkipValidation = true }))
        {
            SingerWriter.WriteValue(json, JsonValueReader.ParseDocument(Encoding.UTF8.GetBytes(record)));
        }
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static bool ValidatorAccepts(string record) =>
        SchemaValidator.Validate(ParsedSchema(), JsonValueReader.ParseDocument(Encoding.UTF8.GetBytes(record))) is null;
}
