using System.Numerics;

namespace Singer.Sdk.Tests.Serialization;

public sealed class BigDecimalTests
{
    [Fact]
    public void Equals_SameValueDifferentLiteral_IsEqualWithEqualHashes()
    {
        var a = BigDecimal.Parse("1.10");
        var b = BigDecimal.Parse("1.1");

        (a == b).Should().BeTrue();
        a.Equals(b).Should().BeTrue();
        a.Equals((object)b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.Literal.Should().Be("1.10");
        b.Literal.Should().Be("1.1");
        BigDecimal.Parse("1e2").Should().Be(BigDecimal.Parse("100.00"));
        BigDecimal.Parse("0").Should().Be(BigDecimal.Parse("-0.000e5"));
    }

    [Fact]
    public void Equals_DifferentValues_IsNotEqual()
    {
        (BigDecimal.Parse("1.1") != BigDecimal.Parse("1.10000000000000000000000000000000001")).Should().BeTrue();
        BigDecimal.Parse("1").Equals(1L).Should().BeFalse("a BigDecimal only equals another BigDecimal");
    }

    [Fact]
    public void CompareTo_Operators_OrderByValue()
    {
        var small = BigDecimal.Parse("-1234567890123456789012345678.0123456789");
        var tiny = BigDecimal.Parse("1e-30");
        var huge = BigDecimal.Parse("1.7976931348623157e+308");

        (small < tiny).Should().BeTrue();
        (tiny < huge).Should().BeTrue();
        (huge > small).Should().BeTrue();
        (tiny <= BigDecimal.Parse("0.000000000000000000000000000001")).Should().BeTrue();
        (tiny >= BigDecimal.Parse("1E-30")).Should().BeTrue();
        new[] { huge, small, tiny }.Order().Should().Equal(small, tiny, huge);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-0")]
    [InlineData("1.10")]
    [InlineData("-12.50")]
    [InlineData("1e-30")]
    [InlineData("1E+308")]
    [InlineData("1.7976931348623157e+308")]
    [InlineData("0.5e-3")]
    public void TryParse_JsonNumber_KeepsTheLiteral(string literal)
    {
        BigDecimal.TryParse(literal, out var value).Should().BeTrue();

        value.Literal.Should().Be(literal);
        value.ToString().Should().Be(literal);
    }

    [Theory]
    [InlineData("01")]
    [InlineData("1.")]
    [InlineData(".5")]
    [InlineData("1e")]
    [InlineData("1e+")]
    [InlineData("+1")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-")]
    [InlineData("")]
    [InlineData(" 1")]
    [InlineData("1 ")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    [InlineData("--1")]
    public void TryParse_NotAJsonNumber_IsRejected(string literal)
    {
        BigDecimal.TryParse(literal, out var value).Should().BeFalse();
        value.Literal.Should().Be("0");
        var parse = () => BigDecimal.Parse(literal);
        parse.Should().Throw<FormatException>().WithMessage($"'{literal}' is not a JSON number");
    }

    [Theory]
    [InlineData("123.45", "12345", 2)]
    [InlineData("-1e-30", "-1", 30)]
    [InlineData("1.23e2", "123", 0)]
    [InlineData("5E+3", "5", -3)]
    [InlineData("-1234567890123456789012345678.0123456789", "-12345678901234567890123456780123456789", 10)]
    public void Decompose_Literal_GivesUnscaledDigitsAndScale(string literal, string unscaled, int scale)
    {
        BigDecimal.Parse(literal).Decompose().Should().Be((BigInteger.Parse(unscaled, System.Globalization.CultureInfo.InvariantCulture), scale));
    }

    [Fact]
    public void FromDecimal_TrailingZeros_AreKept()
    {
        BigDecimal.FromDecimal(1.50m).Literal.Should().Be("1.50");
        BigDecimal.FromDecimal(-0.001m).Literal.Should().Be("-0.001");
    }

    [Fact]
    public void Default_Uninitialized_IsZero()
    {
        default(BigDecimal).Literal.Should().Be("0");
        default(BigDecimal).Should().Be(BigDecimal.Parse("0.0"));
    }

    [Fact]
    public void ToDoubleAndTryToDecimal_ExtremeLiterals_ConvertWhenExact()
    {
        BigDecimal.Parse("1.7976931348623157e+308").ToDouble().Should().Be(double.MaxValue);
        BigDecimal.Parse("12.50").TryToDecimal(out var d).Should().BeTrue();
        d.Should().Be(12.5m);
        BigDecimal.Parse("1e-29").TryToDecimal(out _).Should().BeFalse();
    }
}
