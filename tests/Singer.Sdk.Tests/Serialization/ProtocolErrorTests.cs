using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Serialization;

public sealed class ProtocolErrorTests
{
    private const string GoodLine = """{"type": "STATE", "value": {}}""";

    private static async Task<ProtocolException> ReadFailureAsync(string text)
    {
        var act = () => SingerText.ReadAsync(text);
        return (await act.Should().ThrowAsync<ProtocolException>()).Which;
    }

    [Fact]
    public async Task ReadAllAsync_MalformedJsonOnLine3_NamesLine3()
    {
        var error = await ReadFailureAsync($"{GoodLine}\n{GoodLine}\n{{\"type\": \"RECORD\", \"stream\": \"s\", \"record\": {{\"a\": 1,}}}}\n{GoodLine}\n");

        error.LineNumber.Should().Be(3);
        error.Message.Should().StartWith("line 3: invalid JSON");
        error.Message.Should().NotContain("LineNumber:", "the System.Text.Json position suffix is trimmed to the byte offset");
        error.ExitCode.Should().Be(ExitCodes.RuntimeFailure);
    }

    [Theory]
    [InlineData("1e99999999999")] // the exponent does not even fit a decimal's scale
    [InlineData("1e-99999999999")]
    [InlineData("1e999999999")] // a multipleOf check on it would run for hours
    [InlineData("-2.5E+100001")]
    public async Task ReadAllAsync_NumberWithAnExponentNothingCanHold_IsOutOfRangeOnItsLine(string number)
    {
        var error = await ReadFailureAsync(GoodLine + "\n" + """{"type": "RECORD", "stream": "s", "record": {"n": """ + number + "}}\n");

        error.Message.Should().Be($"line 2: the number {number} is out of range: its exponent is beyond ±100,000");
    }

    [Theory]
    [InlineData("1e100000")]
    [InlineData("1.5E-100000")]
    [InlineData("1e-30")]
    public async Task ReadAllAsync_NumberWithAnExponentWithinRange_KeepsItsLiteral(string number)
    {
        var lines = await SingerText.ReadAsync("""{"type": "RECORD", "stream": "s", "record": {"n": """ + number + "}}\n");

        ((BigDecimal)((RecordMessage)lines[0].Message).Record["n"]!).Literal.Should().Be(number);
    }

    [Fact]
    public async Task ReadAllAsync_TruncatedObject_IsInvalidJsonWithByteOffset()
    {
        var error = await ReadFailureAsync("""{"type": "STATE", "value": {}""");

        error.LineNumber.Should().Be(1);
        error.Message.Should().StartWith("line 1: invalid JSON: ").And.MatchRegex(@"\(byte \d+\)$");
    }

    [Fact]
    public async Task ReadAllAsync_ContentAfterTheObject_IsInvalidJson()
    {
        var error = await ReadFailureAsync("""{"type": "STATE", "value": {}} {"type": "STATE", "value": {}}""");

        error.Message.Should().StartWith("line 1: invalid JSON");
    }

    [Fact]
    public async Task ReadAllAsync_RecordWithoutStream_SaysSo()
    {
        var error = await ReadFailureAsync($"{GoodLine}\n{{\"type\": \"RECORD\", \"record\": {{\"id\": 1}}}}\n");

        error.LineNumber.Should().Be(2);
        error.Message.Should().Be("line 2: RECORD message has no 'stream'");
        error.What.Should().Be("RECORD message has no 'stream'");
    }

    [Fact]
    public async Task ReadAllAsync_StateValueIsAList_SaysValueMustBeAnObject()
    {
        var error = await ReadFailureAsync("""{"type": "STATE", "value": [1, 2]}""");

        error.LineNumber.Should().Be(1);
        error.Message.Should().Be("line 1: 'value' must be an object, found an array");
    }

    [Fact]
    public async Task ReadAllAsync_StateValueIsNull_SaysValueMustBeAnObject()
    {
        var error = await ReadFailureAsync("""{"type": "STATE", "value": null}""");

        error.Message.Should().Be("line 1: 'value' must be an object, found null");
    }

    [Fact]
    public async Task ReadAllAsync_StateWithoutValue_SaysItIsMissing()
    {
        var error = await ReadFailureAsync("""{"type": "STATE"}""");

        error.Message.Should().Be("line 1: STATE message has no 'value'");
    }

    [Theory]
    [InlineData("[1,2]", "an array")]
    [InlineData("\"RECORD\"", "a string")]
    [InlineData("42", "a number")]
    [InlineData("null", "null")]
    public async Task ReadAllAsync_LineIsNotAnObject_SaysWhatItFound(string line, string found)
    {
        var error = await ReadFailureAsync($"{GoodLine}\n{line}\n");

        error.LineNumber.Should().Be(2);
        error.Message.Should().Be($"line 2: expected a JSON object, found {found}");
    }

    [Theory]
    [InlineData("\"7\"", "string \"7\"")]
    [InlineData("1.5", "1.5")]
    [InlineData("true", "true")]
    [InlineData("9223372036854775808", "9223372036854775808")]
    public async Task ReadAllAsync_VersionNotAnInteger_SaysSo(string version, string described)
    {
        var error = await ReadFailureAsync($$"""{"type": "RECORD", "stream": "s", "record": {}, "version": {{version}}}""");

        error.LineNumber.Should().Be(1);
        error.Message.Should().Be($"line 1: 'version' must be an integer, found {described}");
    }

    [Fact]
    public async Task ReadAllAsync_ActivateVersionWithoutVersion_SaysSo()
    {
        var error = await ReadFailureAsync("""{"type": "ACTIVATE_VERSION", "stream": "s"}""");

        error.Message.Should().Be("line 1: ACTIVATE_VERSION message has no 'version'");
    }

    [Fact]
    public async Task ReadAllAsync_MessageWithoutType_SaysSo()
    {
        var error = await ReadFailureAsync("""{"stream": "s", "record": {}}""");

        error.Message.Should().Be("line 1: message has no 'type'");
    }

    [Fact]
    public async Task ReadAllAsync_TypeNotAString_SaysSo()
    {
        var error = await ReadFailureAsync("""{"type": 5}""");

        error.Message.Should().Be("line 1: 'type' must be a string");
    }

    [Fact]
    public async Task ReadAllAsync_StreamNotAString_SaysSo()
    {
        var error = await ReadFailureAsync("""{"type": "RECORD", "stream": 5, "record": {}}""");

        error.Message.Should().Be("line 1: 'stream' must be a string");
    }

    [Fact]
    public async Task ReadAllAsync_KeyPropertiesNotStrings_NamesTheStream()
    {
        var error = await ReadFailureAsync("""{"type": "SCHEMA", "stream": "orders", "schema": {}, "key_properties": ["id", 2]}""");

        error.Stream.Should().Be("orders");
        error.Message.Should().Be("line 1: stream 'orders': 'key_properties' must be a list of strings");
    }

    [Fact]
    public async Task ReadAllAsync_BatchWithoutManifest_NamesTheStream()
    {
        var error = await ReadFailureAsync("""{"type": "BATCH", "stream": "orders", "encoding": {"format": "jsonl"}}""");

        error.Message.Should().Be("line 1: stream 'orders': BATCH message has no 'manifest'");
    }

    [Fact]
    public async Task ReadAllAsync_BatchEncodingWithoutFormat_NamesTheStream()
    {
        var error = await ReadFailureAsync("""{"type": "BATCH", "stream": "orders", "encoding": {}, "manifest": []}""");

        error.Message.Should().Be("line 1: stream 'orders': BATCH 'encoding' has no 'format'");
    }

    [Fact]
    public async Task ReadAllAsync_LoneSurrogateEscape_IsInvalidJson()
    {
        var error = await ReadFailureAsync("""{"type": "RECORD", "stream": "s", "record": {"a": "\ud83d"}}""");

        error.Message.Should().StartWith("line 1: invalid JSON");
    }

    [Fact]
    public void ProtocolException_WithStreamAndField_FormatsEveryPart()
    {
        var error = new ProtocolException(12, "1.234 is not a multiple of 0.01", "orders", "amount");

        error.Message.Should().Be("line 12: stream 'orders': field 'amount': 1.234 is not a multiple of 0.01");
        error.Field.Should().Be("amount");
        new ProtocolException(0, "no line").Message.Should().Be("no line");
    }
}
