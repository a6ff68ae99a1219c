using System.Globalization;
using System.Numerics;

namespace Singer.Sdk.Tests.Serialization;

public sealed class ExactNumberTests
{
    private static BigDecimal Big(string literal) => BigDecimal.Parse(literal);

    private static BigInteger BigInt(string digits) => BigInteger.Parse(digits, CultureInfo.InvariantCulture);

    [Fact]
    public void IsMultipleOf_AmountInCents_IsTrueWhereBinaryFloatingPointSaysNo()
    {
        ExactNumber.IsMultipleOf(17195.83m, 0.01m).Should().BeTrue();
        (17195.83 / 0.01 % 1).Should().NotBe(0, "this is why the Python target-csv rejects the value");
    }

    [Fact]
    public void IsMultipleOf_Decimal38Scale10ValueOfOneTenBillionth_IsTrue()
    {
        ExactNumber.IsMultipleOf(Big("-1234567890123456789012345678.0123456789"), Big("1e-10")).Should().BeTrue();
        ExactNumber.IsMultipleOf(Big("9999999999999999999999999999.9999999999"), Big("1e-10")).Should().BeTrue();
    }

    [Fact]
    public void IsMultipleOf_OneMoreDigitThanTheStep_IsFalse()
    {
        ExactNumber.IsMultipleOf(1.005m, 0.01m).Should().BeFalse();
        ExactNumber.IsMultipleOf(Big("-1234567890123456789012345678.01234567891"), Big("1e-10")).Should().BeFalse();
    }

    [Theory]
    [InlineData("0.3", "0.1", true)]
    [InlineData("0.30", "0.10", true)]
    [InlineData("1.0", "0.25", true)]
    [InlineData("-7.5", "2.5", true)]
    [InlineData("7.0", "2.0", false)]
    [InlineData("0.0", "0.01", true)]
    [InlineData("0.07", "0.02", false)]
    public void IsMultipleOf_Decimals_UsesBaseTenArithmetic(string value, string divisor, bool expected)
    {
        ExactNumber.IsMultipleOf(decimal.Parse(value, CultureInfo.InvariantCulture), decimal.Parse(divisor, CultureInfo.InvariantCulture)).Should().Be(expected);
    }

    [Fact]
    public void IsMultipleOf_DoubleSumOfPointOneAndPointTwo_IsNotAMultipleOfPointOne()
    {
        // 0.1 + 0.2 is 0.30000000000000004 in binary floating point; its shortest text is checked exactly.
        ExactNumber.IsMultipleOf(0.1 + 0.2, 0.1m).Should().BeFalse();
        ExactNumber.IsMultipleOf(0.3, 0.1m).Should().BeTrue();
    }

    [Fact]
    public void IsMultipleOf_ZeroDivisorOrNonNumber_IsFalse()
    {
        ExactNumber.IsMultipleOf(10L, 0L).Should().BeFalse();
        ExactNumber.IsMultipleOf(10m, 0m).Should().BeFalse();
        ExactNumber.IsMultipleOf(Big("10"), Big("0.0")).Should().BeFalse();
        ExactNumber.IsMultipleOf("10", 1L).Should().BeFalse();
        ExactNumber.IsMultipleOf(double.NaN, 1L).Should().BeFalse();
    }

    [Fact]
    public void IsMultipleOf_IntegersBeyondLong_AreExact()
    {
        ExactNumber.IsMultipleOf(BigInt("18446744073709551615"), 5L).Should().BeTrue();
        ExactNumber.IsMultipleOf(BigInt("18446744073709551615"), 2L).Should().BeFalse();
        ExactNumber.IsMultipleOf(Big("1e400"), 7L).Should().BeFalse();
        ExactNumber.IsMultipleOf(Big("1e400"), Big("2.5")).Should().BeTrue();
    }

    public static TheoryData<decimal> EdgeDecimals => new()
    {
        decimal.MaxValue, decimal.MinValue, 79228162514264337593543950330m, 7.9228162514264337593543950335m,
        0.0000000000000000000000000001m, 0.0000000000000000000000000003m, 1m, 3m, 0.1m, 0.01m, 0.3m, 1.005m,
        17195.83m, 12345678901234567890.123456789m, -0.25m, 1e-10m, 1e10m, 2.5m,
    };

    [Theory]
    [MemberData(nameof(EdgeDecimals))]
    public void IsMultipleOf_DecimalFastPath_AgreesWithExactArithmetic(decimal value)
    {
        foreach (var divisor in EdgeDecimals)
        {
            // BigDecimal operands take the BigInteger path, which is the reference here.
            var exact = ExactNumber.IsMultipleOf(BigDecimal.FromDecimal(value), BigDecimal.FromDecimal(divisor));
            ExactNumber.IsMultipleOf(value, divisor).Should().Be(exact, $"{value} multipleOf {divisor}");
        }
    }

    [Fact]
    public void IsMultipleOf_LongAndDecimalMixed_AgreeWithExactArithmetic()
    {
        ExactNumber.IsMultipleOf(long.MaxValue, 0.0000000000000000000000000003m)
            .Should().Be(ExactNumber.IsMultipleOf(Big("9223372036854775807"), Big("0.0000000000000000000000000003")));
        ExactNumber.IsMultipleOf(long.MinValue, 0.5m).Should().BeTrue();
        ExactNumber.IsMultipleOf(9007199254740993L, 3L).Should().BeTrue();
    }

    [Fact]
    public void Compare_AcrossNumberTypes_ComparesExactValues()
    {
        ExactNumber.Compare(5L, BigInteger.Parse("5", CultureInfo.InvariantCulture)).Should().Be(0);
        ExactNumber.Compare(BigInt("18446744073709551615"), long.MaxValue).Should().Be(1);
        ExactNumber.Compare(long.MinValue, BigInt("-9223372036854775809")).Should().Be(1);
        ExactNumber.Compare(Big("1e-30"), 0L).Should().Be(1);
        ExactNumber.Compare(Big("-1e-30"), 0m).Should().Be(-1);
        ExactNumber.Compare(1.10m, Big("1.1")).Should().Be(0);
        ExactNumber.Compare(Big("5.000"), 5.0).Should().Be(0);
        ExactNumber.Compare(1e308, Big("1.7976931348623157e+308")).Should().Be(-1);
        ExactNumber.Compare(double.MaxValue, Big("1.7976931348623157e+308")).Should().Be(0);
        ExactNumber.Compare(Big("9999999999999999999999999999.9999999999"), decimal.MaxValue).Should().Be(-1);
        ExactNumber.Compare(Big("79228162514264337593543950335.0000000001"), decimal.MaxValue).Should().Be(1);
        ExactNumber.Compare(3, 2L).Should().Be(1);
    }

    [Fact]
    public void Compare_DoubleAgainstExactDecimal_UsesTheDoublesShortestText()
    {
        // -1.2345678901234568E+27 is below -1234567890123456789012345678.0123456789 by about 1.1e10.
        var asDouble = double.Parse("-1234567890123456789012345678.0123456789", CultureInfo.InvariantCulture);

        ExactNumber.Compare(Big("-1234567890123456789012345678.0123456789"), asDouble).Should().Be(1);
        ExactNumber.Compare(0.1, 0.1m).Should().Be(0);
    }

    [Fact]
    public void Compare_NonNumberOrNaN_Throws()
    {
        var text = () => ExactNumber.Compare("1", 1L);
        var nan = () => ExactNumber.Compare(double.NaN, 1L);

        text.Should().Throw<ArgumentException>().WithMessage("both values must be finite numbers");
        nan.Should().Throw<ArgumentException>();
    }

    [Fact]
    public void IsInteger_EveryNumberShape_MatchesJsonSchemaRules()
    {
        ExactNumber.IsInteger(1.0m).Should().BeTrue();
        ExactNumber.IsInteger(0.000m).Should().BeTrue();
        ExactNumber.IsInteger(-5.00m).Should().BeTrue();
        ExactNumber.IsInteger(1.5m).Should().BeFalse();
        ExactNumber.IsInteger(0.0000000000000000000000000001m).Should().BeFalse();
        ExactNumber.IsInteger(Big("1e3")).Should().BeTrue();
        ExactNumber.IsInteger(Big("1.000")).Should().BeTrue();
        ExactNumber.IsInteger(Big("1.5e1")).Should().BeTrue();
        ExactNumber.IsInteger(Big("1.55e1")).Should().BeFalse();
        ExactNumber.IsInteger(Big("1e-30")).Should().BeFalse();
        ExactNumber.IsInteger(2.0).Should().BeTrue();
        ExactNumber.IsInteger(2.5f).Should().BeFalse();
        ExactNumber.IsInteger(BigInt("18446744073709551615")).Should().BeTrue();
        ExactNumber.IsInteger(7L).Should().BeTrue();
        ExactNumber.IsInteger("1").Should().BeFalse();
        ExactNumber.IsInteger(null).Should().BeFalse();
        ExactNumber.IsInteger(double.PositiveInfinity).Should().BeFalse();
    }

    [Fact]
    public void IsNumber_NumericAndOtherValues_AreTold()
    {
        ExactNumber.IsNumber(1L).Should().BeTrue();
        ExactNumber.IsNumber(Big("1e400")).Should().BeTrue();
        ExactNumber.IsNumber((byte)1).Should().BeTrue();
        ExactNumber.IsNumber(true).Should().BeFalse();
        ExactNumber.IsNumber("1").Should().BeFalse();
        ExactNumber.IsNumber(null).Should().BeFalse();
    }

    [Theory]
    [InlineData("79228162514264337593543950335", "79228162514264337593543950335")]
    [InlineData("-79228162514264337593543950335", "-79228162514264337593543950335")]
    [InlineData("7.9228162514264337593543950335e28", "79228162514264337593543950335")]
    [InlineData("1e28", "10000000000000000000000000000")]
    [InlineData("1e-28", "0.0000000000000000000000000001")]
    [InlineData("0.00000000000000000000000000010", "0.0000000000000000000000000001")]
    [InlineData("1.10", "1.1")]
    [InlineData("-0.0", "0")]
    public void TryToDecimal_WithinRange_IsExact(string literal, string expected)
    {
        ExactNumber.TryToDecimal(Big(literal), out var result).Should().BeTrue();

        result.Should().Be(decimal.Parse(expected, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("79228162514264337593543950336")]
    [InlineData("-79228162514264337593543950336")]
    [InlineData("1e29")]
    [InlineData("1e-29")]
    [InlineData("0.12345678901234567890123456789")]
    [InlineData("1.7976931348623157e+308")]
    [InlineData("-1234567890123456789012345678.0123456789")]
    public void TryToDecimal_BeyondDecimal_IsFalse(string literal)
    {
        ExactNumber.TryToDecimal(Big(literal), out var result).Should().BeFalse();
        result.Should().Be(0m);
    }

    [Fact]
    public void TryToDecimal_OtherShapes_ConvertWhenExact()
    {
        ExactNumber.TryToDecimal(0.1, out var fromDouble).Should().BeTrue();
        fromDouble.Should().Be(0.1m);
        ExactNumber.TryToDecimal(BigInt("79228162514264337593543950335"), out var max).Should().BeTrue();
        max.Should().Be(decimal.MaxValue);
        ExactNumber.TryToDecimal(BigInt("79228162514264337593543950336"), out _).Should().BeFalse();
        ExactNumber.TryToDecimal(long.MinValue, out var min).Should().BeTrue();
        min.Should().Be(long.MinValue);
        ExactNumber.TryToDecimal(double.NaN, out _).Should().BeFalse();
        ExactNumber.TryToDecimal("1", out _).Should().BeFalse();
    }

    [Fact]
    public void Normalize_TrailingZeros_AreRemoved()
    {
        ExactNumber.Normalize((new BigInteger(1500), 3)).Should().Be((new BigInteger(15), 1));
        ExactNumber.Normalize((new BigInteger(1500), 0)).Should().Be((new BigInteger(15), -2));
        ExactNumber.Normalize((BigInteger.Zero, 7)).Should().Be((BigInteger.Zero, 0));
    }
}
