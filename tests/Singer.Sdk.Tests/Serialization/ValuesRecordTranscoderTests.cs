using System.Buffers;
using System.Text;
using System.Text.Json;
using Singer.Sdk.Serialization;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Serialization;

/// <summary>The values a transcoder gives must be exactly the dictionary's values, place by place; doubtful records are declined.</summary>
public sealed class ValuesRecordTranscoderTests
{
    private const string Schema = """
        {"type": "object", "properties": {
          "id": {"type": "integer"},
          "amount": {"type": ["null", "number"], "multipleOf": 0.01},
          "ratio": {"type": ["null", "number"]},
          "name": {"type": ["null", "string"]},
          "at": {"type": ["null", "string"], "format": "date-time"},
          "flag": {"type": ["null", "boolean"]},
          "doc": {"type": ["null", "object"]}
        }}
        """;

    [Theory]
    [InlineData("""{"id": 1, "amount": 42445.19, "ratio": 1.50, "name": "caf\u00e9 \ud83d\ude00", "at": "2024-01-01T23:17:20.116739Z", "flag": true}""")]
    [InlineData("""{"id": -9223372036854775808, "ratio": 1234567890123456789012345.678, "name": "", "flag": false, "doc": null}""")]
    [InlineData("""{"name": "only a name"}""")]
    [InlineData("""{"flag": null, "id": 9223372036854775807, "at": null}""")]
    public void TakenRecords_GiveTheParsedValuesInSchemaOrder(string record)
    {
        var transcoder = ValuesRecordTranscoder.For(JsonSchema.Parse(SingerText.Object(Schema)))!;

        var values = Transcode(transcoder, record);

        values.Should().NotBeNull();
        var parsed = (Dictionary<string, object?>)JsonValueReader.ParseDocument(Encoding.UTF8.GetBytes(record))!;
        transcoder.Names.Should().Equal("id", "amount", "ratio", "name", "at", "flag", "doc");
        for (var i = 0; i < transcoder.Names.Count; i++)
        {
            var expected = parsed.GetValueOrDefault(transcoder.Names[i]);
            values![i].Should().Be(expected, $"'{transcoder.Names[i]}' must be what parsing gives");
            values[i]?.GetType().Should().Be(expected!.GetType());
            if (expected is decimal d)
            {
                ((decimal)values[i]!).Scale.Should().Be(d.Scale, "trailing zeros are kept");
            }
        }
    }

    [Theory]
    [InlineData("""{"id": 99999999999999999999}""")] // a BigInteger when parsed
    [InlineData("""{"ratio": 12345678901234567890.1234567890}""")] // 30 digits: a BigDecimal when parsed
    [InlineData("""{"ratio": 1e5}""")]
    [InlineData("""{"amount": 0.001}""")]
    [InlineData("""{"id": "1"}""")]
    [InlineData("""{"doc": {"a": 1}}""")]
    [InlineData("""{"at": "yesterday"}""")]
    [InlineData("""{"extra": 1}""")]
    public void DoubtfulRecords_AreDeclined(string record) =>
        Transcode(ValuesRecordTranscoder.For(JsonSchema.Parse(SingerText.Object(Schema)))!, record).Should().BeNull();

    private static object?[]? Transcode(RecordTranscoder transcoder, string record)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(record));
        reader.Read();
        return transcoder.TryTranscode(ref reader, new ArrayBufferWriter<byte>(), out var values) ? values : null;
    }
}
