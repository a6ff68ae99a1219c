using System.Globalization;
using System.Numerics;
using Singer.Sdk;

namespace Warehouse;

/// <summary>
/// Record values to the CLR values loaders write, per column kind. NUMERIC values travel as decimal, or
/// as their exact decimal text when they are too wide for one, so no digit is lost on the way. A value that does
/// not fit its column is an error naming the stream and field.
/// </summary>
public static class ValueCoercer
{
    public static object? Coerce(object? value, SqlType type, string stream, string field)
    {
        if (value is null)
        {
            return null;
        }
        var result = type.Kind switch
        {
            SqlKind.BigInt => ToLong(value),
            SqlKind.Numeric => ToNumeric(value),
            SqlKind.Double => ExactNumber.IsNumber(value) ? Convert.ToDouble(value is BigDecimal b ? b.ToDouble() : value, CultureInfo.InvariantCulture) : null,
            SqlKind.Boolean => value as bool?,
            SqlKind.Text => value as string ?? SingerJson.Serialize(value),
            SqlKind.Date => ToDate(value) is { } date ? date : null,
            SqlKind.Time => value is string t && FormatChecker.TryParseTime(t, out var time) ? time : null,
            SqlKind.Timestamp => value is string s && FormatChecker.TryParseDateTime(s, out var at) ? at.UtcDateTime : null,
            SqlKind.Json => SingerJson.Serialize(value),
            _ => null,
        };
        // A ProtocolException without a line: the target driver adds the record's line, loads the records before it and passes their STATE on.
        return result ?? throw new ProtocolException(0,
            $"{Serialization.Describe(value)} cannot be loaded into a {type.Kind.ToString().ToUpperInvariant()} column", stream, field);
    }

    private static object? ToLong(object value) => value switch
    {
        long l => l,
        int i => (long)i,
        _ when ExactNumber.IsInteger(value) && ExactNumber.TryToDecimal(value, out var d) && d is >= long.MinValue and <= long.MaxValue => (long)d,
        _ => null,
    };

    /// <summary>
    /// A <see cref="decimal"/> when the value fits one exactly (loaders write it natively), else its exact
    /// decimal text (staged as text and cast by the database).
    /// </summary>
    private static object? ToNumeric(object value) => value switch
    {
        long l => (decimal)l,
        decimal d => d,
        _ when ExactNumber.TryToDecimal(value, out var exact) => exact,
        _ => ToNumericText(value),
    };

    private static string? ToNumericText(object value) => value switch
    {
        BigDecimal b => Plain(b),
        BigInteger i => i.ToString(CultureInfo.InvariantCulture),
        double or float => ExactNumber.TryDecompose(value, out var parts) ? Plain(parts) : null,
        _ when ExactNumber.IsNumber(value) => Convert.ToString(value, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static string Plain(BigDecimal value) => value.Literal.AsSpan().IndexOfAny('e', 'E') < 0 ? value.Literal : Plain(value.Decompose());

    /// <summary>Positional notation (no exponent), which every database's NUMERIC cast accepts: 1e-3 → 0.001.</summary>
    private static string Plain((BigInteger Unscaled, int Scale) parts)
    {
        var (unscaled, scale) = parts;
        if (scale <= 0)
        {
            return (unscaled * BigInteger.Pow(10, -scale)).ToString(CultureInfo.InvariantCulture);
        }
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        var text = digits[..^scale] + "." + digits[^scale..];
        return unscaled.Sign < 0 ? "-" + text : text;
    }

    private static DateOnly? ToDate(object value)
    {
        if (value is not string text)
        {
            return null;
        }
        if (FormatChecker.TryParseDate(text, out var date))
        {
            return date;
        }
        return FormatChecker.TryParseDateTime(text, out var at) ? DateOnly.FromDateTime(at.UtcDateTime) : null;
    }
}
