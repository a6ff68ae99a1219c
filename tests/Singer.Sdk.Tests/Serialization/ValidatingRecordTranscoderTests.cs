using System.Buffers;
using System.Text;
using System.Text.Json;
using Singer.Sdk.Serialization;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Serialization;

/// <summary>
/// A record the checking transcoder takes must be one the validator and the key check pass, and it keeps nothing of
/// it; anything doubtful, a missing or null key above all, is declined for the ordinary path to word.
/// </summary>
public sealed class ValidatingRecordTranscoderTests
{
    private const string Properties = """
        {"id": {"type": ["null", "integer"]}, "amount": {"type": ["null", "number"], "multipleOf": 0.01},
         "name": {"type": ["null", "string"], "maxLength": 4}, "at": {"type": ["null", "string"], "format": "date-time"}}
        """;

    [Theory]
    [InlineData("""{"id": 1, "amount": 42445.19, "name": "ab", "at": "2024-01-01T23:17:20.116739Z"}""")]
    [InlineData("""{"at": null, "name": "éé", "amount": null, "id": -5}""")]
    [InlineData("""{"id": 99999999999999999999999}""")]
    public void TakenRecords_AreValidAndKeepNothing(string record)
    {
        var schema = Schema(["id"]);
        var values = Transcode(schema, record, out var output);

        values.Should().NotBeNull().And.BeEmpty();
        output.WrittenCount.Should().Be(0);
        var parsed = (Dictionary<string, object?>)JsonValueReader.ParseDocument(Encoding.UTF8.GetBytes(record))!;
        SchemaValidator.Validate(schema.ParsedSchema, parsed).Should().BeNull();
        parsed["id"].Should().NotBeNull();
    }

    [Theory]
    [InlineData("""{"id": null}""")] // valid, but a null key
    [InlineData("""{"amount": 1.5}""")] // valid, but no key
    [InlineData("""{"id": 1, "amount": 0.001}""")]
    [InlineData("""{"id": 1, "amount": 1e2}""")]
    [InlineData("""{"id": 1, "name": "abcde"}""")]
    [InlineData("""{"id": 1, "at": "noon"}""")]
    [InlineData("""{"id": 1, "other": 1}""")]
    [InlineData("""{"id": 1, "id": 2}""")]
    [InlineData("""{"id": [1]}""")]
    [InlineData("""{"id": 1, "name": "\ud800"}""")]
    public void DoubtfulRecords_AreDeclined(string record) =>
        Transcode(Schema(["id"]), record, out _).Should().BeNull();

    [Fact]
    public void NullWithoutKeyProperties_IsTaken() =>
        Transcode(Schema([]), """{"id": null}""", out _).Should().NotBeNull();

    [Fact]
    public void For_SchemaWithoutProperties_IsNull() =>
        ValidatingRecordTranscoder.For(new SchemaMessage("s", SingerText.Object("""{"type": "object"}"""), [])).Should().BeNull();

    private static SchemaMessage Schema(string[] keys) =>
        new("s", SingerText.Object($$"""{"type": "object", "properties": {{Properties}}}"""), keys);

    private static object?[]? Transcode(SchemaMessage schema, string record, out ArrayBufferWriter<byte> output)
    {
        output = new ArrayBufferWriter<byte>();
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(record));
        reader.Read();
        try
        {
            return ValidatingRecordTranscoder.For(schema)!.TryTranscode(ref reader, output, out var values) ? values : null;
        }
        catch (InvalidOperationException)
        {
            return null; // the parser declines on this too
        }
    }
}
