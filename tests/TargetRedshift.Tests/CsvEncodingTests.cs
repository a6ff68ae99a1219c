using System.Text;
using Singer.Sdk;
using TargetRedshift.Tests.Support;
using Warehouse;

namespace TargetRedshift.Tests;

/// <summary>The CSV lines staged for COPY, from records coerced exactly as the sink coerces them.</summary>
public sealed class CsvEncodingTests
{
    [Fact]
    public void WriteRow_TrickyValues_AreQuotedAndFormattedExactly()
    {
        // "ratio" has no multipleOf: a DOUBLE PRECISION column, fed the number's exact plain text (309 digits here).
        var line = Encode("""
            {"id":1,"Name":"He said \"hi\", then\nleft\r\nback","amount":-1234567890123456789012345678.0123456789,
             "ratio":1.7976931348623157e+308,"active":true,"born":"2024-02-29","at":"23:59:59.999999",
             "updated_at":"2038-01-19T03:14:07.999999+02:00","tags":{"a":[1,2.50,null],"q":"\"x\",y"}}
            """);

        line.Should().Be(
            "1,\"He said \"\"hi\"\", then\nleft\r\nback\",-1234567890123456789012345678.0123456789," +
            "17976931348623157" + new string('0', 292) + "," +
            "true,2024-02-29,23:59:59.999999,2038-01-19T01:14:07.999999Z,\"{\"\"a\"\":[1,2.50,null],\"\"q\"\":\"\"\\\"\"x\\\"\",y\"\"}\",1\n");
    }

    [Fact]
    public void WriteRow_EmptyStringAndNull_AreQuotedEmptyAndNothing()
    {
        Encode("""{"id":2,"Name":"","amount":null,"tags":null}""").Should().Be("2,\"\",,,,,,,,1\n");
        Encode("""{"id":3}""").Should().Be("3,,,,,,,,,1\n");
    }

    [Fact]
    public void WriteRow_UnicodeText_IsUtf8Unchanged()
    {
        var line = Encode("""{"id":4,"Name":"héllo ✓ 😀 漢字 \u00a0"}""");

        line.Should().Be("4,\"héllo ✓ 😀 漢字 \u00a0\",,,,,,,,1\n");
        Encoding.UTF8.GetByteCount(line).Should().Be(Encoding.UTF8.GetByteCount("4,\"\",,,,,,,,1\n") + Encoding.UTF8.GetByteCount("héllo ✓ 😀 漢字 \u00a0"));
    }

    [Theory]
    [InlineData("0.10", "0.10")]
    [InlineData("100", "100")]
    [InlineData("-0.0000000001", "-0.0000000001")]
    [InlineData("1e-10", "0.0000000001")]
    [InlineData("12345678901234567890123456789.0123456789", "12345678901234567890123456789.0123456789")]
    public void WriteRow_ExactDecimals_KeepEveryDigitInPlainNotation(string json, string expected) =>
        Encode($$"""{"id":5,"amount":{{json}}}""").Should().Be($"5,,{expected},,,,,,,1\n");

    [Theory]
    [InlineData("2024-01-02T03:04:05Z", "2024-01-02T03:04:05.000000Z")]
    [InlineData("2024-01-02T03:04:05.123456789-05:30", "2024-01-02T08:34:05.123456Z")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.000000Z")]
    [InlineData("9999-12-31T23:59:59.999999Z", "9999-12-31T23:59:59.999999Z")]
    public void WriteRow_Timestamps_AreUtcIsoWithMicroseconds(string json, string expected) =>
        Encode($$"""{"id":6,"updated_at":"{{json}}"}""").Should().Be($"6,,,,,,,{expected},,1\n");

    [Fact]
    public void WriteRow_NulCharacter_FailsNamingTableAndColumn()
    {
        var act = () => Encode("""{"id":7,"Name":"a\u0000b"}""");

        act.Should().Throw<ProtocolException>().WithMessage("field 'name': table 'orders': a value contains a NUL character (U+0000)*")
            .Which.LineNumber.Should().Be(0, "the target driver adds the line");
    }

    private static string Encode(string recordJson)
    {
        var schema = Shapes.Schema("orders", Shapes.AllKindsSchema, "id");
        var shape = Shapes.Shape(schema);
        var record = Shapes.Record("orders", recordJson) with { Version = 1 };
        var row = RowBuilder.BuildRow(record, shape, "orders", DateTime.UnixEpoch);
        using var text = new StringWriter();
        CsvEncoding.WriteRow(text, row, shape.Columns, "orders");
        return text.ToString();
    }
}
