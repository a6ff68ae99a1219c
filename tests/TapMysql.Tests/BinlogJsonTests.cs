using TapMysql.Binlog.Values;

namespace TapMysql.Tests;

/// <summary>MySQL's binary JSON decoded from byte vectors laid out as sql-common/json_binary.h documents (no MySQL server runs here).</summary>
public sealed class BinlogJsonTests
{
    private static string Text(string hex) => MysqlJson.ToText(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)));

    private static string Double(double value) => Text("0B" + Convert.ToHexString(BitConverter.GetBytes(value)));

    [Fact]
    public void ToText_SmallObjectWithNestedArray_MysqlSpacing()
    {
        // count 2, size 30, keys "a" at 18 and "b" at 19, values: inlined int16 1, array at 20 holding true and null.
        var document = "00 0200 1E00 1200 0100 1300 0100 05 0100 02 1400 61 62 0200 0A00 04 0100 04 0000";

        Text(document).Should().Be("""{"a": 1, "b": [true, null]}""");
    }

    [Fact]
    public void ToText_LargeArrayWithInlinedInt32_Values()
    {
        // count 2, size 4 + 4 + 2 * 5 = 18; the large format inlines 32-bit integers in their value entries.
        var document = "03 02000000 12000000 07 FEFFFFFF 08 FFFFFFFF";

        Text(document).Should().Be("[-2, 4294967295]");
    }

    [Fact]
    public void ToText_StringWithEscapes_QuotedAsMysql()
    {
        Text("0C 07 6869 22 0A 5C C3BC").Should().Be("\"hi\\\"\\n\\\\ü\"");
        Text("0C 01 01").Should().Be("\"\\u0001\"");
    }

    [Fact]
    public void ToText_Scalars_NumbersAndLiterals()
    {
        Text("0400").Should().Be("null");
        Text("0402").Should().Be("false");
        Text("05 FFFF").Should().Be("-1");
        Text("0A FFFFFFFFFFFFFFFF").Should().Be("18446744073709551615");
        Text("09 0000000000000080").Should().Be("-9223372036854775808");
        Double(1.5).Should().Be("1.5");
        Double(3).Should().Be("3.0");
        Double(-0.001).Should().Be("-0.001");
        Double(0).Should().Be("0.0");
        Double(1e100).Should().Be("1e100");
        Double(-2.5e-300).Should().Be("-2.5e-300");
        Double(1e15).Should().Be("1e15");
        Double(1e14).Should().Be("100000000000000.0");
        Double(1234567890123456.8).Should().Be("1234567890123456.8");
        Double(1.25e-7).Should().Be("0.000000125");
        Double(1.5e-15).Should().Be("0.0000000000000015");
        Double(1e-16).Should().Be("1e-16");
        Double(0.1).Should().Be("0.1");
    }

    [Fact]
    public void ToText_OpaqueDecimalAndDatetime_AsMysqlPrints()
    {
        // DECIMAL(4,2) 12.34: precision, scale, packed bytes.
        Text("0F F6 04 0402 8C22").Should().Be("12.34");
        // DATETIME 2015-01-15 23:24:25.5 packed as ((ymd << 17 | hms) << 24) + microseconds.
        var ymd = (2015L * 13 + 1) << 5 | 15;
        var hms = 23L << 12 | 24 << 6 | 25;
        var packed = ((ymd << 17 | hms) << 24) + 500000;
        Text("0F 0C 08" + Convert.ToHexString(BitConverter.GetBytes(packed))).Should().Be("\"2015-01-15 23:24:25.500000\"");
        Text("0F FC 02 ABCD").Should().Be("\"base64:type252:q80=\"");
    }
}
