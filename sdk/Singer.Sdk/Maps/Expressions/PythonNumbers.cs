using System.Globalization;
using System.Numerics;

namespace Singer.Sdk.Maps.Expressions;

/// <summary>
/// Python's arithmetic over the SDK's record numbers. Integers (long, growing into BigInteger instead of
/// overflowing) are Python's int; decimal and <see cref="BigDecimal"/> are Python's Decimal, kept exact; double is
/// Python's float. bool counts as the integers 0 and 1, as in Python.
/// </summary>
internal static class PythonNumbers
{
    public enum Kind { None, Integer, Decimal, Float }

    public static Kind KindOf(object? value) => value switch
    {
        long or int or BigInteger or bool or short or byte or sbyte or ushort or uint or ulong => Kind.Integer,
        decimal or BigDecimal => Kind.Decimal,
        double or float => Kind.Float,
        _ => Kind.None,
    };

    public static BigInteger ToBigInteger(object value) => value switch
    {
        long l => l,
        BigInteger b => b,
        bool flag => flag ? BigInteger.One : BigInteger.Zero,
        _ => new BigInteger(Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
    };

    public static double ToDouble(object value) => value switch
    {
        double d => d,
        float f => f,
        long l => l,
        bool flag => flag ? 1 : 0,
        decimal m => (double)m,
        BigDecimal bd => bd.ToDouble(),
        BigInteger b => (double)b,
        _ => Convert.ToDouble(value, CultureInfo.InvariantCulture),
    };

    /// <summary>An integer result: long when it fits, BigInteger beyond.</summary>
    public static object Integer(BigInteger value) => value >= long.MinValue && value <= long.MaxValue ? (long)value : (object)value;

    /// <summary>A decimal result from unscaled × 10^-scale: decimal when exact, else <see cref="BigDecimal"/>.</summary>
    public static object Decimal((BigInteger Unscaled, int Scale) parts)
    {
        if (parts.Scale >= 0 && parts.Scale <= 28 && BigInteger.Abs(parts.Unscaled) <= MaxDecimalMagnitude)
        {
            // Built from the parts, so the scale stays as Python's Decimal keeps it (1.10 + 1.10 is 2.20).
            var magnitude = BigInteger.Abs(parts.Unscaled);
            return new decimal((int)(uint)(magnitude & uint.MaxValue), (int)(uint)((magnitude >> 32) & uint.MaxValue),
                (int)(uint)((magnitude >> 64) & uint.MaxValue), parts.Unscaled.Sign < 0, (byte)parts.Scale);
        }
        var (unscaled, scale) = parts;
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture);
        var sign = unscaled.Sign < 0 ? "-" : "";
        if (scale <= 0)
        {
            return BigDecimal.Parse(sign + digits + new string('0', -scale));
        }
        digits = digits.PadLeft(scale + 1, '0');
        return BigDecimal.Parse(sign + digits[..^scale] + "." + digits[^scale..]);
    }

    /// <summary>The widest integer a power may build (about 300,000 digits): one map must not spend minutes on one record.</summary>
    private const long MaxResultBits = 1 << 20;

    private static readonly BigInteger MaxDecimalMagnitude = (BigInteger.One << 96) - 1;

    public static (BigInteger Unscaled, int Scale) Parts(object value)
    {
        if (value is bool flag)
        {
            return (flag ? 1 : 0, 0);
        }
        return ExactNumber.TryDecompose(value, out var parts) ? parts : throw MapEvaluationException.Type($"not a number: {PythonText.TypeName(value)}");
    }

    public static object Add(object a, object b) => Arithmetic(a, b, "+");

    public static object Subtract(object a, object b) => Arithmetic(a, b, "-");

    public static object Multiply(object a, object b) => Arithmetic(a, b, "*");

    public static object Arithmetic(object a, object b, string op)
    {
        var kind = (Kind)Math.Max((int)KindOf(a), (int)KindOf(b));
        switch (kind)
        {
            case Kind.Integer:
                if (a is long x && b is long y)
                {
                    try
                    {
                        return op switch { "+" => checked(x + y), "-" => checked(x - y), _ => checked(x * y) };
                    }
                    catch (OverflowException)
                    {
                        // Python's int has no overflow: continue in BigInteger.
                    }
                }
                var (p, q) = (ToBigInteger(a), ToBigInteger(b));
                return Integer(op switch { "+" => p + q, "-" => p - q, _ => p * q });
            case Kind.Float:
                var (f, g) = (ToDouble(a), ToDouble(b));
                return op switch { "+" => f + g, "-" => f - g, _ => f * g };
            default:
                var (l, r) = (Parts(a), Parts(b));
                if (op == "*")
                {
                    return Decimal((l.Unscaled * r.Unscaled, l.Scale + r.Scale));
                }
                var scale = Math.Max(l.Scale, r.Scale);
                var left = l.Unscaled * BigInteger.Pow(10, scale - l.Scale);
                var right = r.Unscaled * BigInteger.Pow(10, scale - r.Scale);
                return Decimal((op == "+" ? left + right : left - right, scale));
        }
    }

    /// <summary><c>/</c>: int / int is a float, as in Python 3; Decimal / Decimal stays a Decimal (28 significant digits, as Python's default context).</summary>
    public static object Divide(object a, object b)
    {
        var kind = (Kind)Math.Max((int)KindOf(a), (int)KindOf(b));
        if (IsZero(b))
        {
            throw new MapEvaluationException(kind == Kind.Decimal ? "decimal.DivisionByZero: division by zero" : "ZeroDivisionError: division by zero");
        }
        switch (kind)
        {
            case Kind.Integer:
                if (a is long x && b is long y && Math.Abs(x) < (1L << 53) && Math.Abs(y) < (1L << 53))
                {
                    return (double)x / y;
                }
                return (double)ToBigInteger(a) / (double)ToBigInteger(b);
            case Kind.Float:
                return ToDouble(a) / ToDouble(b);
            default:
                if (ExactNumber.TryToDecimal(a is bool fa ? (fa ? 1L : 0L) : a, out var m) && ExactNumber.TryToDecimal(b is bool fb ? (fb ? 1L : 0L) : b, out var n))
                {
                    try
                    {
                        return m / n;
                    }
                    catch (OverflowException)
                    {
                        // Falls through to the long division below.
                    }
                }
                var (l, r) = (Parts(a), Parts(b));
                // Scale the dividend so the quotient carries 28 significant digits, then drop trailing zeros.
                var shift = 28 + (int)Math.Max(0, BigInteger.Abs(r.Unscaled).ToString(CultureInfo.InvariantCulture).Length);
                var quotient = BigInteger.Divide(l.Unscaled * BigInteger.Pow(10, shift), r.Unscaled);
                return Decimal(ExactNumber.Normalize((quotient, l.Scale - r.Scale + shift)));
        }
    }

    /// <summary>
    /// <c>//</c> and <c>%</c>. On int and float they floor, as Python's do (-7 // 2 is -4, -7 % 2 is 1); on Decimal
    /// they truncate toward zero, as Python's decimal module does (Decimal(-7) // 2 is -3, Decimal(-7) % 2 is -1).
    /// </summary>
    public static object FloorDivideOrModulo(object a, object b, bool modulo)
    {
        var kind = (Kind)Math.Max((int)KindOf(a), (int)KindOf(b));
        if (IsZero(b))
        {
            throw new MapEvaluationException(kind == Kind.Decimal
                ? "decimal.InvalidOperation: division by zero"
                : modulo ? "ZeroDivisionError: integer modulo by zero" : "ZeroDivisionError: integer division or modulo by zero");
        }
        switch (kind)
        {
            case Kind.Integer:
                var (p, q) = (ToBigInteger(a), ToBigInteger(b));
                var quotient = BigInteger.DivRem(p, q, out var remainder);
                if (!remainder.IsZero && (remainder.Sign < 0) != (q.Sign < 0))
                {
                    quotient -= 1;
                    remainder += q;
                }
                return Integer(modulo ? remainder : quotient);
            case Kind.Float:
                var (f, g) = (ToDouble(a), ToDouble(b));
                var floor = Math.Floor(f / g);
                return modulo ? f - (g * floor) : floor;
            default:
                var (l, r) = (Parts(a), Parts(b));
                var scale = Math.Max(l.Scale, r.Scale);
                var left = l.Unscaled * BigInteger.Pow(10, scale - l.Scale);
                var right = r.Unscaled * BigInteger.Pow(10, scale - r.Scale);
                var truncated = BigInteger.DivRem(left, right, out var rest);
                return modulo ? Decimal((rest, scale)) : Decimal((truncated, 0));
        }
    }

    public static object Power(object a, object b)
    {
        var kind = (Kind)Math.Max((int)KindOf(a), (int)KindOf(b));
        if (kind == Kind.Integer && ToBigInteger(b) is var exponent && exponent.Sign >= 0)
        {
            if (exponent > 10_000)
            {
                throw new MapEvaluationException("OverflowError: exponent too large (more than 10000)");
            }
            var root = ToBigInteger(a);
            if (root.GetBitLength() * (long)exponent > MaxResultBits)
            {
                throw new MapEvaluationException($"OverflowError: the result would have more than {MaxResultBits} bits");
            }
            return Integer(BigInteger.Pow(root, (int)exponent));
        }
        if (kind == Kind.Decimal && KindOf(b) == Kind.Integer && ToBigInteger(b) is var power && power.Sign >= 0 && power <= 1000)
        {
            var (unscaled, scale) = Parts(a);
            if (unscaled.GetBitLength() * (long)power > MaxResultBits)
            {
                throw new MapEvaluationException($"OverflowError: the result would have more than {MaxResultBits} bits");
            }
            return Decimal((BigInteger.Pow(unscaled, (int)power), scale * (int)power));
        }
        if (IsZero(a) && ToDouble(b) < 0)
        {
            throw new MapEvaluationException("ZeroDivisionError: 0.0 cannot be raised to a negative power");
        }
        return Math.Pow(ToDouble(a), ToDouble(b));
    }

    public static object Negate(object value) => value switch
    {
        long l when l != long.MinValue => -l,
        bool flag => flag ? -1L : 0L,
        double d => -d,
        float f => -(double)f,
        decimal m => -m,
        _ when KindOf(value) == Kind.Integer => Integer(-ToBigInteger(value)),
        _ when KindOf(value) == Kind.Decimal => Decimal(Parts(value) is var p ? (-p.Unscaled, p.Scale) : default),
        _ => throw MapEvaluationException.Type($"bad operand type for unary -: '{PythonText.TypeName(value)}'"),
    };

    public static bool IsZero(object value) => value switch
    {
        long l => l == 0,
        bool flag => !flag,
        double d => d == 0,
        decimal m => m == 0,
        _ => KindOf(value) != Kind.None && Parts(value).Unscaled.IsZero,
    };
}
