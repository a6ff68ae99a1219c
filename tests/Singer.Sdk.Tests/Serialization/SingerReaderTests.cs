using System.Numerics;
using System.Text;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Serialization;

public sealed class SingerReaderTests
{
    private static async Task<Dictionary<string, object?>> ReadRecordAsync(string recordJson)
    {
        var message = await SingerText.ReadOneAsync($$"""{"type": "RECORD", "stream": "s", "record": {{recordJson}}}""");
        return message.Should().BeOfType<RecordMessage>().Subject.Record;
    }

    [Theory]
    [InlineData("12345678901234567890.1234567890")]
    [InlineData("-1234567890123456789012345678.0123456789")]
    [InlineData("9999999999999999999999999999.9999999999")]
    [InlineData("1e-30")]
    [InlineData("1.7976931348623157e+308")]
    [InlineData("-1.7976931348623157e+308")]
    [InlineData("1E2")]
    public async Task ReadAllAsync_NumberBeyondDecimal_BecomesBigDecimalKeepingItsLiteral(string literal)
    {
        var record = await ReadRecordAsync($$"""{"n": {{literal}}}""");

        record["n"].Should().BeOfType<BigDecimal>().Which.Literal.Should().Be(literal);
        (await SingerText.RoundTripAsync($$$"""{"type":"RECORD","stream":"s","record":{"n":{{{literal}}}}}"""))
            .Should().Be($$$"""{"type":"RECORD","stream":"s","record":{"n":{{{literal}}}}}""" + "\n");
    }

    [Theory]
    [InlineData("1.10", "1.10")]
    [InlineData("0.000", "0.000")]
    [InlineData("100.0", "100.0")]
    [InlineData("17195.83", "17195.83")]
    [InlineData("-0.5", "-0.5")]
    public async Task ReadAllAsync_DecimalFraction_IsDecimalAndKeepsTrailingZeros(string literal, string expectedDecimalText)
    {
        var record = await ReadRecordAsync($$"""{"n": {{literal}}}""");

        record["n"].Should().BeOfType<decimal>().Which.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be(expectedDecimalText);
        var written = await SingerText.RoundTripAsync($$$"""{"type":"RECORD","stream":"s","record":{"n":{{{literal}}}}}""");
        written.Should().Be($$$"""{"type":"RECORD","stream":"s","record":{"n":{{{expectedDecimalText}}}}}""" + "\n");
    }

    [Fact]
    public async Task ReadAllAsync_IntegerShapes_AreLongOrBigInteger()
    {
        var record = await ReadRecordAsync("""{"min": -9223372036854775808, "max": 9223372036854775807, "u64": 18446744073709551615, "huge": -123456789012345678901234567890, "zero": 0}""");

        record["min"].Should().BeOfType<long>().Which.Should().Be(long.MinValue);
        record["max"].Should().BeOfType<long>().Which.Should().Be(long.MaxValue);
        record["u64"].Should().BeOfType<BigInteger>().Which.Should().Be(BigInteger.Parse("18446744073709551615", System.Globalization.CultureInfo.InvariantCulture));
        record["huge"].Should().BeOfType<BigInteger>().Which.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("-123456789012345678901234567890");
        record["zero"].Should().BeOfType<long>().Which.Should().Be(0);
    }

    [Fact]
    public async Task RoundTrip_EveryNumberShape_WritesTheSameText()
    {
        const string line = """{"type":"RECORD","stream":"s","record":{"a":12345678901234567890.1234567890,"b":1e-30,"c":1.10,"d":-1234567890123456789012345678.0123456789,"e":18446744073709551615,"f":-9223372036854775808,"g":1.7976931348623157e+308,"h":-1.5,"i":42}}""";

        (await SingerText.RoundTripAsync(line)).Should().Be(line + "\n");
    }

    [Fact]
    public async Task ReadAllAsync_UnicodeRawAndEscaped_DecodesToTheSameStrings()
    {
        var record = await ReadRecordAsync("""{"raw": "é 中文 😀", "escaped": "\u00e9 \u4e2d\u6587 \ud83d\ude00"}""");

        record["raw"].Should().Be("é 中文 😀");
        record["escaped"].Should().Be("é 中文 😀");
    }

    [Fact]
    public async Task RoundTrip_Unicode_WritesBmpAsUtf8AndEmojiAsSurrogateEscapes()
    {
        var written = await SingerText.RoundTripAsync("""{"type":"RECORD","stream":"s","record":{"raw":"é 中文 😀","escaped":"\u00e9 \u4e2d\u6587 \ud83d\ude00"}}""");

        // System.Text.Json escapes characters outside the BMP even with the relaxed encoder; still valid JSON.
        written.Should().Be("""{"type":"RECORD","stream":"s","record":{"raw":"é 中文 \uD83D\uDE00","escaped":"é 中文 \uD83D\uDE00"}}""" + "\n");
        var reread = (RecordMessage)(await SingerText.ReadOneAsync(written)).Should().BeOfType<RecordMessage>().Subject;
        reread.Record["raw"].Should().Be("é 中文 😀");
    }

    [Fact]
    public async Task RoundTrip_EscapedQuotesBackslashesAndControlCharacters_AreKept()
    {
        var record = await ReadRecordAsync("""{"s": "say \"hi\" \\ back\nslash\ttab\r\u0001"}""");

        record["s"].Should().Be("say \"hi\" \\ back\nslash\ttab\r\u0001");
        var written = await SingerText.WriteAsync([new RecordMessage("s", record)]);
        written.Should().Be("""{"type":"RECORD","stream":"s","record":{"s":"say \"hi\" \\ back\nslash\ttab\r\u0001"}}""" + "\n");
    }

    [Fact]
    public async Task ReadAllAsync_NullsNestedObjectsAndArrays_BecomeDictionariesAndLists()
    {
        var record = await ReadRecordAsync("""{"n": null, "o": {"a": {"b": [1, "x", null, true, {"c": false}]}}, "empty": {}, "list": []}""");

        record["n"].Should().BeNull();
        var b = ((Dictionary<string, object?>)((Dictionary<string, object?>)record["o"]!)["a"]!)["b"].Should().BeOfType<List<object?>>().Subject;
        b.Should().HaveCount(5);
        b[0].Should().Be(1L);
        b[1].Should().Be("x");
        b[2].Should().BeNull();
        b[3].Should().Be(true);
        b[4].Should().BeOfType<Dictionary<string, object?>>().Which["c"].Should().Be(false);
        record["empty"].Should().BeOfType<Dictionary<string, object?>>().Which.Should().BeEmpty();
        record["list"].Should().BeOfType<List<object?>>().Which.Should().BeEmpty();

        (await SingerText.WriteAsync([new RecordMessage("s", record)])).Should().Be(
            """{"type":"RECORD","stream":"s","record":{"n":null,"o":{"a":{"b":[1,"x",null,true,{"c":false}]}},"empty":{},"list":[]}}""" + "\n");
    }

    [Fact]
    public async Task ReadAllAsync_TypeFieldLast_ParsesAndWritesTypeFirst()
    {
        var message = await SingerText.ReadOneAsync("""{"record": {"id": 1}, "version": 7, "stream": "s", "time_extracted": "2024-01-01T00:00:00.000000Z", "type": "RECORD"}""");

        var record = message.Should().BeOfType<RecordMessage>().Subject;
        record.Stream.Should().Be("s");
        record.Version.Should().Be(7);
        record.TimeExtracted.Should().Be("2024-01-01T00:00:00.000000Z");
        SingerWriter.Serialize(record).Should().Be("""{"type":"RECORD","stream":"s","record":{"id":1},"version":7,"time_extracted":"2024-01-01T00:00:00.000000Z"}""");
    }

    [Fact]
    public async Task ReadAllAsync_UnknownFieldsInKnownMessages_AreIgnored()
    {
        var lines = await SingerText.ReadAsync(
            """
            {"type": "SCHEMA", "stream": "s", "schema": {"type": "object"}, "key_properties": [], "x-extra": {"a": 1}}
            {"type": "RECORD", "stream": "s", "record": {"id": 1}, "sequence": 99, "other": [1]}
            {"type": "STATE", "value": {"k": 1}, "note": "n"}
            """);

        lines.Select(l => SingerWriter.Serialize(l.Message)).Should().Equal(
            """{"type":"SCHEMA","stream":"s","schema":{"type":"object"},"key_properties":[]}""",
            """{"type":"RECORD","stream":"s","record":{"id":1}}""",
            """{"type":"STATE","value":{"k":1}}""");
    }

    [Fact]
    public async Task ReadAllAsync_UnknownMessageType_IsKeptWholeAndWrittenBack()
    {
        var message = await SingerText.ReadOneAsync("""{"stream": "s", "type": "DEBUG_PING", "payload": {"n": 1.50, "list": [1, "a"]}, "flag": true}""");

        var unknown = message.Should().BeOfType<UnknownMessage>().Subject;
        unknown.Type.Should().Be("DEBUG_PING");
        unknown.MessageType.Should().Be("DEBUG_PING");
        unknown.Fields.Keys.Should().BeEquivalentTo(["stream", "type", "payload", "flag"]);
        SingerWriter.Serialize(unknown).Should().Be("""{"type":"DEBUG_PING","stream":"s","payload":{"n":1.50,"list":[1,"a"]},"flag":true}""");
    }

    [Fact]
    public async Task ReadAllAsync_CrlfAndBlankLines_AreSkippedAndLineNumbersCountPhysicalLines()
    {
        var text = "\r\n{\"type\":\"STATE\",\"value\":{\"a\":1}}\r\n\r\n   \t \r\n{\"type\":\"STATE\",\"value\":{\"a\":2}}\r\n\r\n";

        var lines = await SingerText.ReadAsync(text);

        lines.Select(l => l.LineNumber).Should().Equal(2, 5);
        lines.Select(l => ((StateMessage)l.Message).Value["a"]).Should().Equal(1L, 2L);
    }

    [Fact]
    public async Task ReadAllAsync_ErrorAfterCrlfAndBlankLines_ReportsThePhysicalLine()
    {
        var text = "\r\n{\"type\":\"STATE\",\"value\":{}}\r\n\r\n{\"type\":\r\n";

        var act = () => SingerText.ReadAsync(text);

        (await act.Should().ThrowAsync<ProtocolException>()).Which.LineNumber.Should().Be(4);
    }

    [Fact]
    public async Task ReadAllAsync_LastLineWithoutNewline_IsRead()
    {
        var lines = await SingerText.ReadAsync("{\"type\":\"STATE\",\"value\":{\"a\":1}}\n{\"type\":\"STATE\",\"value\":{\"a\":2}}");

        lines.Select(l => l.LineNumber).Should().Equal(1, 2);
        ((StateMessage)lines[1].Message).Value["a"].Should().Be(2L);
    }

    [Fact]
    public async Task ReadAllAsync_Utf8BomOnFirstLine_IsSkipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"type\":\"STATE\",\"value\":{\"a\":1}}\r\n{\"type\":\"STATE\",\"value\":{}}\r\n")).ToArray();

        var lines = await SingerText.ReadAsync(bytes);

        lines.Select(l => l.LineNumber).Should().Equal(1, 2);
        ((StateMessage)lines[0].Message).Value["a"].Should().Be(1L);
    }

    [Fact]
    public async Task ReadAllAsync_Utf8BomOnLaterLine_IsInvalidJson()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"type\":\"STATE\",\"value\":{}}\n").Concat(new byte[] { 0xEF, 0xBB, 0xBF }).Concat(Encoding.UTF8.GetBytes("{\"type\":\"STATE\",\"value\":{}}\n")).ToArray();

        var act = () => SingerText.ReadAsync(bytes);

        var error = (await act.Should().ThrowAsync<ProtocolException>()).Which;
        error.LineNumber.Should().Be(2);
        error.Message.Should().StartWith("line 2: invalid JSON");
    }

    [Fact]
    public async Task ReadAllAsync_LineLongerThanTheBuffer_IsReadWhole()
    {
        var big = string.Concat(Enumerable.Repeat("0123456789", 30_000)); // 300 KB, well over the 64 KiB pipe buffer
        var text = $$$"""{"type":"RECORD","stream":"s","record":{"big":"{{{big}}}"}}""" + "\n" + """{"type":"STATE","value":{"after":true}}""" + "\n";

        var lines = await SingerText.ReadAsync(text);

        lines.Should().HaveCount(2);
        ((RecordMessage)lines[0].Message).Record["big"].Should().BeOfType<string>().Which.Should().HaveLength(300_000).And.Be(big);
        lines[0].ByteCount.Should().Be(Encoding.UTF8.GetByteCount(text.Split('\n')[0]) + 1);
        lines[1].LineNumber.Should().Be(2);
    }

    [Fact]
    public async Task ReadAllAsync_ManyLinesAcrossBufferBoundaries_ReadsEveryLineInOrder()
    {
        var text = new StringBuilder();
        for (var i = 1; i <= 5000; i++)
        {
            text.Append($$$"""{"type":"RECORD","stream":"s","record":{"id":{{{i}}},"pad":"{{{new string('x', i % 97)}}}","amount":{{{i}}}.{{{i % 100:00}}}}}""").Append(i % 3 == 0 ? "\r\n" : "\n");
        }

        var lines = await SingerText.ReadAsync(text.ToString());

        lines.Should().HaveCount(5000);
        lines.Select(l => l.LineNumber).Should().Equal(Enumerable.Range(1, 5000).Select(i => (long)i));
        lines.Select(l => ((RecordMessage)l.Message).Record["id"]).Should().Equal(Enumerable.Range(1, 5000).Select(i => (object)(long)i));
        ((RecordMessage)lines[4998].Message).Record["amount"].Should().Be(4999.99m);
    }

    [Theory]
    [InlineData("{\"type\":\"STATE\",\"value\":{}}\n", 1)]
    [InlineData("{\"type\":\"STATE\",\"value\":{}}", 1)]
    [InlineData("\n\r\n{\"type\":\"STATE\",\"value\":{}}\n\n", 4)]
    [InlineData("\n\n   \n", 3)]
    [InlineData("", 0)]
    public async Task LinesRead_AfterReading_CountsEveryPhysicalLineIncludingBlankOnes(string text, long expected)
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var reader = new SingerReader(input);

        await foreach (var _ in reader.ReadAllAsync())
        {
        }

        reader.LinesRead.Should().Be(expected);
    }

    [Fact]
    public async Task LinesRead_WithBadLinesSkipped_CountsThemToo()
    {
        using var input = new MemoryStream(Encoding.UTF8.GetBytes("bad\n{\"type\":\"STATE\",\"value\":{}}\nbad\n"));
        var reader = new SingerReader(input, _ => { });
        var messages = 0;

        await foreach (var _ in reader.ReadAllAsync())
        {
            messages++;
        }

        messages.Should().Be(1);
        reader.LinesRead.Should().Be(3);
    }

    [Fact]
    public async Task ReadAllAsync_WithBadLineCallback_ReportsBadLinesAndKeepsReading()
    {
        var bad = new List<ProtocolException>();
        var text = "{\"type\":\"STATE\",\"value\":{}}\nnot json\n{\"type\":\"RECORD\",\"record\":{}}\n{\"type\":\"STATE\",\"value\":{\"ok\":1}}\n";

        var lines = await SingerText.ReadAsync(Encoding.UTF8.GetBytes(text), bad.Add);

        lines.Select(l => l.LineNumber).Should().Equal(1, 4);
        bad.Select(e => e.LineNumber).Should().Equal(2, 3);
        bad[1].Message.Should().Be("line 3: RECORD message has no 'stream'");
    }

    [Fact]
    public async Task ReadAllAsync_ActivateVersionBatchAndSchema_ParseEveryField()
    {
        var lines = await SingerText.ReadAsync(
            """
            {"type": "SCHEMA", "stream": "orders", "schema": {"type": "object", "properties": {"id": {"type": "integer"}}}, "key_properties": ["id"], "bookmark_properties": ["updated_at"]}
            {"type": "ACTIVATE_VERSION", "stream": "orders", "version": 1795637602111}
            {"type": "BATCH", "stream": "orders", "encoding": {"format": "jsonl", "compression": "gzip"}, "manifest": ["file:///tmp/a.jsonl.gz"]}
            """);

        var schema = lines[0].Message.Should().BeOfType<SchemaMessage>().Subject;
        schema.Stream.Should().Be("orders");
        schema.KeyProperties.Should().Equal("id");
        schema.BookmarkProperties.Should().Equal("updated_at");
        schema.ParsedSchema.Properties!["id"].Types.Should().Be(JsonTypes.Integer);
        lines[1].Message.Should().Be(new ActivateVersionMessage("orders", 1795637602111));
        var batch = lines[2].Message.Should().BeOfType<BatchMessage>().Subject;
        batch.Encoding.Should().Be(new BatchEncoding("jsonl", "gzip"));
        batch.Manifest.Should().Equal("file:///tmp/a.jsonl.gz");
        lines.Select(l => SingerWriter.Serialize(l.Message)).Should().Equal(
            """{"type":"SCHEMA","stream":"orders","schema":{"type":"object","properties":{"id":{"type":"integer"}}},"key_properties":["id"],"bookmark_properties":["updated_at"]}""",
            """{"type":"ACTIVATE_VERSION","stream":"orders","version":1795637602111}""",
            """{"type":"BATCH","stream":"orders","encoding":{"format":"jsonl","compression":"gzip"},"manifest":["file:///tmp/a.jsonl.gz"]}""");
    }

    [Fact]
    public async Task ReadAllAsync_IntegralDecimalVersion_IsAccepted()
    {
        var message = await SingerText.ReadOneAsync("""{"type": "ACTIVATE_VERSION", "stream": "s", "version": 5.0}""");

        message.Should().Be(new ActivateVersionMessage("s", 5));
    }
}
