using System.Text;
using FluentAssertions;
using Singer.Sdk;
using Xunit;

namespace SingerCheck.Tests;

/// <summary>
/// The records singer-check checks from their bytes (<see cref="ValidatingRecordTranscoder"/>) must come out exactly as
/// the ordinary parse-then-validate path has them: the same errors, word for word, the same summary. Each stream is
/// checked both ways as with --all (every error, then the summary), and the fast path must take the records it is
/// meant to take, or the test proves nothing.
/// </summary>
public sealed class FastCheckAgreementTests
{
    private const string Schema = """
        {"type": "SCHEMA", "stream": "s", "key_properties": ["id"], "schema": {"type": "object", "additionalProperties": false, "required": ["count"], "properties": {
          "id": {"type": ["null", "integer"]},
          "count": {"type": "integer", "minimum": 0, "exclusiveMaximum": 100},
          "amount": {"type": ["null", "number"], "multipleOf": 0.01, "minimum": -1000, "maximum": 1000},
          "ratio": {"type": "number"},
          "name": {"type": ["null", "string"], "maxLength": 5, "minLength": 2},
          "note": {"type": ["null", "string"], "maxLength": 8},
          "text": {"type": "string"},
          "at": {"type": ["null", "string"], "format": "date-time"},
          "day": {"type": "string", "format": "date"},
          "clock": {"type": "string", "format": "time"},
          "flag": {"type": "boolean"},
          "kind": {"enum": ["a", "b", null]},
          "either": {"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": 3}]},
          "doc": {"type": ["null", "object"], "properties": {"x": {"type": "integer"}}},
          "tags": {"type": "array", "items": {"type": "string"}},
          "any": {}
        }}}
        """;

    [Theory]
    // Taken by the fast path: plain values within every rule.
    [InlineData("""{"id": 1, "count": 0}""", true)]
    [InlineData("""{"count": 99, "id": 9223372036854775807, "amount": 1000.00, "ratio": 1.50, "name": "ab", "note": "12345678"}""", true)]
    [InlineData("""{"id": -9223372036854775808, "count": 1, "amount": -1000, "flag": false, "text": "", "any": "x"}""", true)]
    [InlineData("""{"id": 123456789012345678901234567890, "count": 1, "ratio": 1234567890123456789012345.67890}""", true)]
    [InlineData("""{"id": 1, "count": 1, "at": "2024-01-01T23:17:20.116739Z", "day": "2024-02-29", "amount": null, "name": null, "at": null}""", false)]
    [InlineData("""{"id": 1, "count": 1, "at": "2024-01-01T23:17:20.116739Z", "day": "2024-02-29", "amount": null, "name": null}""", true)]
    [InlineData("""{"id": 1, "count": 1, "any": null, "flag": true, "note": null}""", true)]
    // Nulls and missing fields.
    [InlineData("""{"id": null, "count": 1}""", false)]
    [InlineData("""{"count": 1}""", false)]
    [InlineData("""{"id": 1}""", false)]
    [InlineData("""{"id": 1, "count": null}""", false)]
    [InlineData("""{"id": 1, "count": 1, "text": null}""", false)]
    // Extra, repeated and escaped keys; additionalProperties false is not a rule the validator has.
    [InlineData("""{"id": 1, "count": 1, "extra": {"deep": [1, 2]}}""", false)]
    [InlineData("""{"id": 1, "count": 1, "count": "many"}""", false)]
    [InlineData("""{"id": 1, "count": "many", "count": 2}""", false)]
    [InlineData("""{"id": 1, "c\u006funt": 1}""", false)]
    // Numbers at the limits, with exponents, huge.
    [InlineData("""{"id": 1, "count": 100}""", false)]
    [InlineData("""{"id": 1, "count": -1}""", false)]
    [InlineData("""{"id": 1, "count": -0}""", false)]
    [InlineData("""{"id": 1, "count": 99.0}""", false)]
    [InlineData("""{"id": 1, "count": 1.5}""", false)]
    [InlineData("""{"id": 1, "count": 1e1}""", false)]
    [InlineData("""{"id": 1, "count": 1, "amount": 1000.01}""", false)]
    [InlineData("""{"id": 1, "count": 1, "amount": -1000.001}""", false)]
    [InlineData("""{"id": 1, "count": 1, "amount": 1.005}""", false)]
    [InlineData("""{"id": 1, "count": 1, "amount": 1.10}""", true)]
    [InlineData("""{"id": 1, "count": 1, "amount": 1.1000}""", false)]
    [InlineData("""{"id": 1, "count": 1, "amount": 5E-2}""", false)]
    [InlineData("""{"id": 1, "count": 1, "amount": 1e400000}""", false)]
    [InlineData("""{"id": 1, "count": 1, "ratio": 1e-400000}""", false)]
    [InlineData("""{"id": 1, "count": 1, "ratio": 123456789012345678901234567890123456789.0123456789}""", true)]
    [InlineData("""{"id": 1, "count": 1, "amount": 99999999999999999999999999999999999}""", false)]
    // Strings: lengths, formats, escapes, unicode.
    [InlineData("""{"id": 1, "count": 1, "name": "abcdef"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "name": "a"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "name": "caf\u00e9"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "name": "😀😀"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "note": "😀😀😀"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "note": "éé"}""", true)]
    [InlineData("""{"id": 1, "count": 1, "text": "a\"b\\c\n"}""", true)]
    [InlineData("""{"id": 1, "count": 1, "text": "\ud83d\ude00"}""", true)]
    [InlineData("""{"id": 1, "count": 1, "note": "\ud83d\ude00"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "note": "\ud800"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "text": "\udc00 lone low"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "text": "tab\there"}""", true)]
    [InlineData("""{"id": 1, "count": 1, "at": "2024-13-01T00:00:00Z"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "at": "2024-01-01 00:00:00"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "at": "2024-01-01T00:00:00+01:00"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "at": "yesterday"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "day": "2023-02-29"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "clock": "25:00:00"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "clock": "12:00:00"}""", false)]
    // Wrong types, enum, anyOf, nested objects and arrays.
    [InlineData("""{"id": "1", "count": 1}""", false)]
    [InlineData("""{"id": 1, "count": 1, "flag": "true"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "text": 5}""", false)]
    [InlineData("""{"id": 1, "count": 1, "kind": "c"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "kind": null}""", false)]
    [InlineData("""{"id": 1, "count": 1, "either": 1.5}""", false)]
    [InlineData("""{"id": 1, "count": 1, "either": "long"}""", false)]
    [InlineData("""{"id": 1, "count": 1, "doc": {"x": "1"}}""", false)]
    [InlineData("""{"id": 1, "count": 1, "doc": {"x": 1}}""", false)]
    [InlineData("""{"id": 1, "count": 1, "tags": ["a", 1]}""", false)]
    [InlineData("""{"id": 1, "count": 1, "any": {"a": [1, {"b": null}]}}""", false)]
    // JSON that is not: the error is the parser's either way.
    [InlineData("""{"id": 1, "count": 01}""", false)]
    [InlineData("""{"id": 1, "count": 1,}""", false)]
    [InlineData("""{"id": 1, "count": 1, "text": "a""", false)]
    public async Task Check_Record_FastPathAgreesWithOrdinaryPath(string record, bool taken)
    {
        var stream = Schema.ReplaceLineEndings(" ") + "\n" + Record(record) + "\n" + Record("""{"id": 2, "count": 2}""");

        var (_, takenOfTwo) = await CheckBothWaysAsync(stream);

        takenOfTwo.Should().Be(taken ? 2 : 1, "the second record is always the fast path's");
    }

    [Theory]
    [InlineData("""{"type": "RECORD", "stream": "s", "record": {"id": 1, "count": 1}, "time_extracted": "2024-01-01"}""", 1)]
    [InlineData("""{"type": "RECORD", "stream": "s", "record": {"id": 1, "count": 1}, "time_extracted": "2024-01-01T00:00:00Z", "version": "x"}""", 1)]
    [InlineData("""{"record": {"id": 1, "count": 1}, "type": "RECORD", "stream": "s"}""", 1)]
    [InlineData("""{"type": "RECORD", "stream": "other", "record": {"id": 1, "count": 1}}""", 1)]
    [InlineData("""{"type": "RECORD", "stream": "s", "record": {"id": 1, "count": 1}} trailing""", 1)]
    public async Task Check_Envelope_FastPathAgreesWithOrdinaryPath(string line, int takenOfTwo)
    {
        var stream = Schema.ReplaceLineEndings(" ") + "\n" + line + "\n" + Record("""{"id": 2, "count": 2}""");

        var (_, taken) = await CheckBothWaysAsync(stream);

        taken.Should().Be(takenOfTwo);
    }

    [Fact]
    public async Task Check_RefusedSchemaMidStream_RecordsStillCheckedAgainstTheKeptSchema()
    {
        // The reader parses ahead of the checker: a SCHEMA the checker refuses must not leave its rules on the fast path.
        var stream = """
            {"type": "SCHEMA", "stream": "s", "schema": {"properties": {"id": {"type": "integer"}}}, "key_properties": ["id"]}
            {"type": "RECORD", "stream": "s", "record": {"id": 1}}
            {"type": "SCHEMA", "stream": "s", "schema": {"properties": {"id": {"type": "string"}}}, "key_properties": ["missing"]}
            {"type": "RECORD", "stream": "s", "record": {"id": "one"}}
            {"type": "RECORD", "stream": "s", "record": {"id": 2}}
            {"type": "SCHEMA", "stream": "s", "schema": {"properties": {"id": {"type": "string"}}}, "key_properties": ["id"]}
            {"type": "RECORD", "stream": "s", "record": {"id": 3}}
            {"type": "RECORD", "stream": "s", "record": {"id": "four"}}
            """;

        var (ordinary, taken) = await CheckBothWaysAsync(stream);

        ordinary.Should().StartWith([
            "line 3: stream 's': key property 'missing' is not in the schema's properties",
            "line 4: stream 's': field 'id': expected integer, got string \"one\"",
            "line 7: stream 's': field 'id': expected string, got 3"]);
        taken.Should().Be(2, "records 1 and 'four' are taken; the others are the ordinary path's");
    }

    [Fact]
    public async Task Check_RecordBeforeSchemaAndUnusableSchema_FastPathAgreesWithOrdinaryPath()
    {
        var stream = """
            {"type": "RECORD", "stream": "s", "record": {"id": 1}}
            {"type": "SCHEMA", "stream": "s", "schema": {"type": "object", "properties": {"id": {"type": "integer", "multipleOf": "x"}}}, "key_properties": ["id"]}
            {"type": "RECORD", "stream": "s", "record": {"id": 1}}
            {"type": "SCHEMA", "stream": "s", "schema": {"type": "array"}, "key_properties": []}
            {"type": "RECORD", "stream": "s", "record": {"id": 1}}
            """;

        var (_, taken) = await CheckBothWaysAsync(stream);

        taken.Should().Be(0);
    }

    [Fact]
    public async Task Check_InvalidUtf8InString_FastPathAgreesWithOrdinaryPath()
    {
        var head = Encoding.UTF8.GetBytes(Schema.ReplaceLineEndings(" ") + "\n" + """{"type": "RECORD", "stream": "s", "record": {"id": 1, "count": 1, "note": "a""");
        var tail = Encoding.UTF8.GetBytes("\"}}\n" + Record("""{"id": 2, "count": 2}"""));
        foreach (var bad in new byte[][] { [0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF4, 0x90, 0x80, 0x80] })
        {
            var (ordinary, taken) = await CheckBothWaysAsync([.. head, .. bad, .. tail]);

            ordinary.Should().Contain(line => line.StartsWith("line 2: ", StringComparison.Ordinal), "0x{0} is not UTF-8", Convert.ToHexString(bad));
            taken.Should().Be(1);
        }
    }

    private static string Record(string record) => $$"""{"type": "RECORD", "stream": "s", "record": {{record}}}""";

    /// <summary>The stream checked as singer-check --all does, the ordinary way and the fast way; both must agree.</summary>
    private static async Task<(List<string> Outcome, int Taken)> CheckBothWaysAsync(string stream) =>
        await CheckBothWaysAsync(Encoding.UTF8.GetBytes(stream));

    private static async Task<(List<string> Outcome, int Taken)> CheckBothWaysAsync(byte[] stream)
    {
        var (ordinary, none) = await CheckAsync(stream, null);
        var (fast, taken) = await CheckAsync(stream, StreamChecker.TranscoderFor);

        none.Should().Be(0);
        fast.Should().Equal(ordinary);
        return (ordinary, taken);
    }

    private static async Task<(List<string> Outcome, int Taken)> CheckAsync(byte[] stream, Func<SchemaMessage, RecordTranscoder?>? transcoder)
    {
        var outcome = new List<string>();
        var errors = 0;
        void Report(ProtocolException error)
        {
            errors++;
            outcome.Add(error.Message);
        }
        var checker = new StreamChecker();
        var reader = new SingerReader(new MemoryStream(stream), Report, transcoder);
        var taken = 0;
        await foreach (var line in reader.ReadAllAsync())
        {
            taken += line.Message is RecordMessage { IsTranscoded: true } ? 1 : 0;
            try
            {
                checker.Check(line);
            }
            catch (ProtocolException error)
            {
                Report(error);
            }
        }
        checker.Lines = reader.LinesRead;
        outcome.Add(CheckCommand.Summarize(checker, errors));
        return (outcome, taken);
    }
}
