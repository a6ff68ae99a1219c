using System.Globalization;
using System.Numerics;
using Singer.Sdk.Serialization;

namespace Singer.Sdk;

/// <summary>
/// An exact decimal number of any size, kept as its JSON literal. Used for numbers that
/// <see cref="decimal"/> cannot hold without rounding (DECIMAL(65,30), 1e-30, 1.7976931348623157e+308):
/// the text written is the text read, so a value survives tap → target bit for bit.
/// </summary>
public readonly struct BigDecimal : IEquatable<BigDecimal>, IComparable<BigDecimal>
{
    private readonly string? _literal;

    private BigDecimal(string literal) => _literal = literal;

    /// <summary>The JSON number text, exactly as read or produced.</summary>
    public string Literal => _literal ?? "0";

    /// <summary>Parses a JSON number literal (e.g. <c>-12.50</c>, <c>1E-30</c>); throws <see cref="FormatException"/> otherwise.</summary>
    public static BigDecimal Parse(string literal)
    {
        if (!TryParse(literal, out var value))
        {
            throw new FormatException($"'{literal}' is not a JSON number");
        }
        return value;
    }

    public static bool TryParse(string literal, out BigDecimal value)
    {
        value = default;
        if (!NumberLiteral.IsValid(literal))
        {
            return false;
        }
        value = new BigDecimal(literal);
        return true;
    }

    public static BigDecimal FromDecimal(decimal value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>The value as unscaled integer × 10^-scale (scale may be negative for large exponents).</summary>
    public (BigInteger Unscaled, int Scale) Decompose() => NumberLiteral.Decompose(Literal);

    /// <summary>Converts to <see cref="decimal"/> when that is exact; false when it would round or overflow.</summary>
    public bool TryToDecimal(out decimal result) => ExactNumber.TryToDecimal(Decompose(), out result);

    public double ToDouble() => double.Parse(Literal, NumberStyles.Float, CultureInfo.InvariantCulture);

    public override string ToString() => Literal;

    public bool Equals(BigDecimal other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is BigDecimal other && Equals(other);

    public override int GetHashCode()
    {
        var (unscaled, scale) = ExactNumber.Normalize(Decompose());
        return HashCode.Combine(unscaled, scale);
    }

    public int CompareTo(BigDecimal other) => ExactNumber.Compare(Decompose(), other.Decompose());

    public static bool operator ==(BigDecimal left, BigDecimal right) => left.Equals(right);

    public static bool operator !=(BigDecimal left, BigDecimal right) => !left.Equals(right);

    public static bool operator <(BigDecimal left, BigDecimal right) => left.CompareTo(right) < 0;

    public static bool operator >(BigDecimal left, BigDecimal right) => left.CompareTo(right) > 0;

    public static bool operator <=(BigDecimal left, BigDecimal right) => left.CompareTo(right) <= 0;

    public static bool operator >=(BigDecimal left, BigDecimal right) => left.CompareTo(right) >= 0;
}
