using System.Text;
using TapMysql.Binlog;
using TapMysql.Binlog.Values;

namespace TapMysql.Tests;

/// <summary>The binlog value decoders on byte vectors laid out as the server writes them.</summary>
public sealed class BinlogDecoderTests
{
    private static string Decimal(string hex, int precision, int scale)
    {
        Span<byte> output = stackalloc byte[PackedDecimal.MaxTextLength];
        var length = PackedDecimal.Format(Convert.FromHexString(hex), precision, scale, output);
        return Encoding.ASCII.GetString(output[..length]);
    }

    private static string DateTime2(string hex, int digits)
    {
        Span<byte> output = stackalloc byte[TemporalValues.MaxTextLength];
        var length = TemporalValues.FormatDateTime2(Convert.FromHexString(hex), digits, output);
        return Encoding.ASCII.GetString(output[..length]);
    }

    private static string Timestamp2(string hex, int digits)
    {
        Span<byte> output = stackalloc byte[TemporalValues.MaxTextLength];
        var length = TemporalValues.FormatTimestamp2(Convert.FromHexString(hex), digits, output);
        return Encoding.ASCII.GetString(output[..length]);
    }

    [Theory]
    [InlineData("810DFB38D204D2", 14, 4, "1234567890.1234")]
    [InlineData("7EF204C72DFB2D", 14, 4, "-1234567890.1234")]
    [InlineData("800000", 5, 2, "0.00")]
    [InlineData("7FFECD", 5, 2, "-1.50")]
    [InlineData("8000000005", 10, 2, "0.05")]
    [InlineData("7FFFFFFFFA", 10, 2, "-0.05")]
    [InlineData("893B9AC9FF", 10, 0, "9999999999")]
    [InlineData("76C4653600", 10, 0, "-9999999999")]
    [InlineData("8000000000", 10, 0, "0")]
    [InlineData("80", 2, 2, "0.00")]
    [InlineData("E3", 2, 2, "0.99")]
    public void FormatDecimal_PackedBytes_ServerText(string hex, int precision, int scale, string expected) =>
        Decimal(hex, precision, scale).Should().Be(expected);

    [Fact]
    public void FormatDecimal_SixtyFiveDigits_AllDigits()
    {
        // DECIMAL(65,30): 8 leftover integer digits in 4 bytes, 3 groups of 9, then 3 fraction groups and 3 digits in 2 bytes.
        var largest = "85F5E0FF" + string.Concat(Enumerable.Repeat("3B9AC9FF", 6)) + "03E7";
        var smallest = Convert.ToHexString(Convert.FromHexString(largest).Select(b => (byte)~b).ToArray());

        Decimal(largest, 65, 30).Should().Be(new string('9', 35) + "." + new string('9', 30));
        Decimal(smallest, 65, 30).Should().Be("-" + new string('9', 35) + "." + new string('9', 30));
    }

    [Theory]
    [InlineData("99B2BB7EFB", 0, "2024-02-29 23:59:59")]
    [InlineData("99B2BB7EFB32", 1, "2024-02-29 23:59:59.5")]
    [InlineData("99B2BB7EFB32", 2, "2024-02-29 23:59:59.50")]
    [InlineData("99B2BB7EFB1388", 3, "2024-02-29 23:59:59.500")]
    [InlineData("99B2BB7EFB1389", 4, "2024-02-29 23:59:59.5001")]
    [InlineData("99B2BB7EFB07A12A", 5, "2024-02-29 23:59:59.50001")]
    [InlineData("99B2BB7EFB07A121", 6, "2024-02-29 23:59:59.500001")]
    [InlineData("8CB2420000000001", 6, "1000-01-01 00:00:00.000001")]
    [InlineData("8000000000", 0, "0000-00-00 00:00:00")]
    public void FormatDateTime2_Fractions_ServerText(string hex, int digits, string expected) =>
        DateTime2(hex, digits).Should().Be(expected);

    [Theory]
    [InlineData("00000001", 0, "1970-01-01 00:00:01")]
    [InlineData("7FFFFFFF0F423F", 6, "2038-01-19 03:14:07.999999")]
    [InlineData("00000000", 0, "0000-00-00 00:00:00")]
    [InlineData("000000000000", 3, "0000-00-00 00:00:00.000")]
    public void FormatTimestamp2_SecondsSinceEpoch_UtcText(string hex, int digits, string expected) =>
        Timestamp2(hex, digits).Should().Be(expected);

    [Theory]
    [InlineData("4B9105", 0, "-838:59:59")]
    [InlineData("7FFFFFCE", 1, "-00:00:00.5")]
    [InlineData("7FEF7CD3", 2, "-01:02:03.45")]
    [InlineData("7F3747E12E", 3, "-12:34:56.789")]
    [InlineData("7F3747E12D", 4, "-12:34:56.7891")]
    [InlineData("7FFFFEFFFFFF", 6, "-00:00:01.000001")]
    [InlineData("80C8B80C0A14", 6, "12:34:56.789012")]
    [InlineData("80000032", 1, "00:00:00.5")]
    public void Time2Ticks_NegativeAndFractions_ExactTicks(string hex, int digits, string expected)
    {
        var negative = expected.StartsWith('-');
        var expectedTicks = TimeSpan.Parse(expected.TrimStart('-').Replace("838:59:59", "34.22:59:59", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture).Ticks;

        TemporalValues.Time2Ticks(Convert.FromHexString(hex), digits).Should().Be(negative ? -expectedTicks : expectedTicks);
    }

    [Fact]
    public void EnumValues_QuotedValues_Unescaped()
    {
        var values = EnumValues.Parse("enum('a','it''s','x,y','')");

        values.Count.Should().Be(4);
        Encoding.UTF8.GetString(values.Enum(2)).Should().Be("it's");
        Encoding.UTF8.GetString(values.Enum(3)).Should().Be("x,y");
        values.Enum(0).ToArray().Should().BeEmpty();
    }

    [Fact]
    public void BinlogPosition_NumericSuffix_OrderedByNumber()
    {
        new BinlogPosition("mysql-bin.000009", 900).Should().BeLessThan(new BinlogPosition("mysql-bin.000010", 4));
        new BinlogPosition("mysql-bin.999999", 4).Should().BeLessThan(new BinlogPosition("mysql-bin.1000000", 4));
        new BinlogPosition("mysql-bin.000010", 120).Should().BeGreaterThan(new BinlogPosition("mysql-bin.000010", 4));
    }
}
