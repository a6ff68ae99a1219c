using System.Globalization;
using Singer.Sdk;
using Warehouse;

namespace TargetDuckDb;

/// <summary>
/// Numbers DuckDB would change without a word, refused before they are staged: a finite number beyond a DOUBLE's range
/// (DuckDB makes it Infinity) or so small it would be 0; a number with more integer digits than its DECIMAL(38,s)
/// holds (DuckDB's cast error would print all of them); a number with more decimal places than the column keeps
/// (DuckDB's DECIMAL cast drops them, where PostgreSQL's NUMERIC keeps them: never silently). The error is a
/// <see cref="ProtocolException"/> naming the stream and field; the driver adds the line, loads the records before it
/// and stops (exit 1).
/// </summary>
internal static class DuckDbNumberLimits
{
    private const int DecimalDigits = 38;

    /// <summary>Throws when <paramref name="value"/>, as the ordinary path built it for <paramref name="column"/>, would not load as it is.</summary>
    public static void Check(WarehouseColumn column, object? value, string? stream)
    {
        if (column.Type.Kind != SqlKind.Numeric || value is null)
        {
            return;
        }
        var problem = (value, column.Type.Scale) switch
        {
            (decimal d, { } scale) => FitsScale(d, scale) ? null : TooManyPlaces(Describe(d), scale),
            (decimal, null) => null, // a decimal is always within a double's range
            (string text, { } scale) => DecimalProblem(text, scale),
            (string text, null) => DoubleProblem(text),
            (double f, _) when double.IsInfinity(f) => "a number too large for DuckDB's DOUBLE (it would be Infinity)",
            _ => null,
        };
        if (problem is not null)
        {
            throw new ProtocolException(0, problem, stream, column.Property ?? column.Name);
        }
    }

    private static bool FitsScale(decimal value, int scale) => scale >= 28 || decimal.Round(value, scale) == value;

    private static string TooManyPlaces(string number, int scale) =>
        $"{number} has more decimal places than its column DECIMAL({DecimalDigits},{scale}) keeps ({scale}); DuckDB would drop digits";

    /// <summary>Exact decimal text (positional, as the ordinary path writes numbers too wide for a decimal).</summary>
    private static string? DecimalProblem(string text, int scale)
    {
        var (integerDigits, places) = Digits(text);
        if (integerDigits > DecimalDigits - scale)
        {
            return $"{Describe(text)} does not fit its column DECIMAL({DecimalDigits},{scale}): at most {DecimalDigits - scale} digits before the point";
        }
        return places > scale ? TooManyPlaces(Describe(text), scale) : null;
    }

    private static string? DoubleProblem(string text)
    {
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return null; // not a number: DuckDB's cast reports it
        }
        if (double.IsInfinity(value))
        {
            return $"{Describe(text)} does not fit DuckDB's DOUBLE (it would be {(value > 0 ? "" : "-")}Infinity)";
        }
        return value == 0 && text.AsSpan().IndexOfAnyInRange('1', '9') >= 0 ? $"{Describe(text)} does not fit DuckDB's DOUBLE (it would be 0)" : null;
    }

    /// <summary>Significant digits before the point, and decimal places without trailing zeros, of a positional number.</summary>
    private static (int IntegerDigits, int Places) Digits(string text)
    {
        var digits = text.AsSpan().TrimStart('-').TrimStart('+');
        var dot = digits.IndexOf('.');
        var integer = (dot < 0 ? digits : digits[..dot]).TrimStart('0');
        var fraction = dot < 0 ? [] : digits[(dot + 1)..].TrimEnd('0');
        return (integer.Length, fraction.Length);
    }

    private static string Describe(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A long positional number in scientific notation (1e400, -1.5e-400), so the line stays short.</summary>
    public static string Describe(string text)
    {
        if (text.Length <= 40)
        {
            return text;
        }
        var negative = text.StartsWith('-');
        var digits = text.AsSpan().TrimStart('-');
        var dot = digits.IndexOf('.');
        var integerLength = dot < 0 ? digits.Length : dot;
        var all = string.Concat(dot < 0 ? digits : digits[..dot], dot < 0 ? [] : digits[(dot + 1)..]);
        var first = all.AsSpan().IndexOfAnyInRange('1', '9');
        if (first < 0)
        {
            return "0";
        }
        var significant = all.AsSpan(first).TrimEnd('0');
        var exponent = integerLength - first - 1;
        var mantissa = significant.Length > 17 ? $"{significant[0]}.{significant[1..17]}…" :
            significant.Length > 1 ? $"{significant[0]}.{significant[1..]}" : significant.ToString();
        return $"{(negative ? "-" : "")}{mantissa}e{exponent.ToString(CultureInfo.InvariantCulture)}";
    }
}
