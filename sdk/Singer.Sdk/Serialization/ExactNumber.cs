using System.Globalization;
using System.Numerics;
using Singer.Sdk.Serialization;

namespace Singer.Sdk;

/// <summary>
/// Exact arithmetic over every number shape a record may hold (long, BigInteger, decimal, BigDecimal,
/// double). Validation uses it so that <c>multipleOf: 0.01</c> is checked in base 10, not in binary
/// floating point (the Python targets reject 17195.83 for exactly that reason).
/// </summary>
public static class ExactNumber
{
    public static bool IsNumber(object? value) => value is long or int or short or sbyte or byte or ushort or uint or ulong
        or BigInteger or decimal or BigDecimal or double or float;

    public static bool TryDecompose(object? value, out (BigInteger Unscaled, int Scale) result)
    {
        switch (value)
        {
            case long l: result = (l, 0); return true;
            case int i: result = (i, 0); return true;
            case short s: result = (s, 0); return true;
            case sbyte sb: result = (sb, 0); return true;
            case byte b: result = (b, 0); return true;
            case ushort us: result = (us, 0); return true;
            case uint ui: result = (ui, 0); return true;
            case ulong ul: result = (ul, 0); return true;
            case BigInteger bi: result = (bi, 0); return true;
            case decimal d: result = Decompose(d); return true;
            case BigDecimal bd: result = bd.Decompose(); return true;
            case double db when double.IsFinite(db):
                result = NumberLiteral.Decompose(db.ToString("R", CultureInfo.InvariantCulture));
                return true;
            case float f when float.IsFinite(f):
                result = NumberLiteral.Decompose(f.ToString("R", CultureInfo.InvariantCulture));
                return true;
            default:
                result = default;
                return false;
        }
    }

    public static (BigInteger Unscaled, int Scale) Decompose(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var magnitude = ((BigInteger)(uint)bits[2] << 64) | ((BigInteger)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        return (bits[3] < 0 ? -magnitude : magnitude, scale);
    }

    /// <summary>Removes trailing zeros so equal values have one representation.</summary>
    public static (BigInteger Unscaled, int Scale) Normalize((BigInteger Unscaled, int Scale) value)
    {
        var (unscaled, scale) = value;
        if (unscaled.IsZero)
        {
            return (BigInteger.Zero, 0);
        }
        while (true)
        {
            var quotient = BigInteger.DivRem(unscaled, 10, out var remainder);
            if (!remainder.IsZero)
            {
                return (unscaled, scale);
            }
            unscaled = quotient;
            scale--;
        }
    }

    public static int Compare((BigInteger Unscaled, int Scale) left, (BigInteger Unscaled, int Scale) right)
    {
        var (a, b) = Align(left, right);
        return a.CompareTo(b);
    }

    public static int Compare(object left, object right)
    {
        if (left is long a1 && right is long b1)
        {
            return a1.CompareTo(b1);
        }
        if (TryGetSmall(left, out var a2) && TryGetSmall(right, out var b2))
        {
            return a2.CompareTo(b2);
        }
        if (!TryDecompose(left, out var a) || !TryDecompose(right, out var b))
        {
            throw new ArgumentException("both values must be finite numbers");
        }
        return Compare(a, b);
    }

    /// <summary>True when <paramref name="value"/> is an exact integer multiple of <paramref name="divisor"/>.</summary>
    public static bool IsMultipleOf(object value, object divisor)
    {
        if (TryGetSmall(value, out var v1) && TryGetSmall(divisor, out var d1) && d1 != 0)
        {
            try
            {
                return decimal.Remainder(v1, d1) == 0;
            }
            catch (OverflowException)
            {
                // Falls through to BigInteger arithmetic.
            }
        }
        if (!TryDecompose(value, out var v) || !TryDecompose(divisor, out var d))
        {
            return false;
        }
        var (a, b) = Align(v, d);
        return !b.IsZero && (a % b).IsZero;
    }

    /// <summary>True when the number has no fractional part (1.0 counts as an integer, as JSON Schema says).</summary>
    public static bool IsInteger(object? value)
    {
        if (value is long or int or short or sbyte or byte or ushort or uint or ulong or BigInteger)
        {
            return true;
        }
        if (value is decimal d)
        {
            return decimal.Truncate(d) == d;
        }
        if (!TryDecompose(value, out var parts))
        {
            return false;
        }
        var (unscaled, scale) = Normalize(parts);
        return scale <= 0 || unscaled.IsZero;
    }

    public static bool TryToDecimal((BigInteger Unscaled, int Scale) value, out decimal result)
    {
        var (unscaled, scale) = Normalize(value);
        result = default;
        if (scale < 0)
        {
            if (scale < -28)
            {
                return false;
            }
            unscaled *= BigInteger.Pow(10, -scale);
            scale = 0;
        }
        if (scale > 28 || BigInteger.Abs(unscaled) > MaxDecimalMagnitude)
        {
            return false;
        }
        var magnitude = BigInteger.Abs(unscaled);
        var lo = (int)(uint)(magnitude & uint.MaxValue);
        var mid = (int)(uint)((magnitude >> 32) & uint.MaxValue);
        var hi = (int)(uint)((magnitude >> 64) & uint.MaxValue);
        result = new decimal(lo, mid, hi, unscaled.Sign < 0, (byte)scale);
        return true;
    }

    /// <summary>Converts any number value to <see cref="decimal"/> when exact; false if it would round or overflow.</summary>
    public static bool TryToDecimal(object? value, out decimal result)
    {
        if (value is decimal d)
        {
            result = d;
            return true;
        }
        result = default;
        return TryDecompose(value, out var parts) && TryToDecimal(parts, out result);
    }

    /// <summary>The common shapes (long, int, decimal) as decimal without any allocation.</summary>
    private static bool TryGetSmall(object value, out decimal result)
    {
        switch (value)
        {
            case long l: result = l; return true;
            case decimal d: result = d; return true;
            case int i: result = i; return true;
            default: result = default; return false;
        }
    }

    private static readonly BigInteger MaxDecimalMagnitude = (BigInteger.One << 96) - 1;

    private static (BigInteger Left, BigInteger Right) Align((BigInteger Unscaled, int Scale) left, (BigInteger Unscaled, int Scale) right)
    {
        if (left.Scale == right.Scale)
        {
            return (left.Unscaled, right.Unscaled);
        }
        return left.Scale > right.Scale
            ? (left.Unscaled, right.Unscaled * BigInteger.Pow(10, left.Scale - right.Scale))
            : (left.Unscaled * BigInteger.Pow(10, right.Scale - left.Scale), right.Unscaled);
    }
}
