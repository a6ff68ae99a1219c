using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Singer.Sdk.Maps.Expressions;

/// <summary>Values as Python prints them: <c>str()</c> and <c>repr()</c> (True, None, 1.0, 1e+16, 'text', [1, 2], {'a': 1}).</summary>
internal static class PythonText
{
    public static string TypeName(object? value) => value switch
    {
        null => "NoneType",
        bool => "bool",
        string => "str",
        double or float => "float",
        decimal or BigDecimal => "decimal.Decimal",
        _ when PythonNumbers.KindOf(value) == PythonNumbers.Kind.Integer => "int",
        IDictionary => "dict",
        object?[] => "tuple",
        IList => "list",
        DateOnly => "datetime.date",
        DateTime or DateTimeOffset => "datetime.datetime",
        _ => value.GetType().Name,
    };

    public static string Str(object? value) => value switch
    {
        string s => s,
        long number => number.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset dto => PythonDates.Format(dto, ' '),
        DateTime dt => PythonDates.Format(dt, ' '),
        _ => Repr(value),
    };

    public static string Repr(object? value)
    {
        var text = new StringBuilder();
        AppendRepr(text, value);
        return text.ToString();
    }

    private static void AppendRepr(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null: text.Append("None"); break;
            case bool flag: text.Append(flag ? "True" : "False"); break;
            case string s: AppendQuoted(text, s); break;
            case double d: text.Append(Float(d)); break;
            case float f: text.Append(Float(f)); break;
            case decimal m: text.Append(m.ToString(CultureInfo.InvariantCulture)); break;
            case BigDecimal bd: text.Append(bd.Literal); break;
            case BigInteger bi: text.Append(bi.ToString(CultureInfo.InvariantCulture)); break;
            case DateOnly date: text.Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case DateTimeOffset dto: text.Append(PythonDates.Format(dto, ' ')); break;
            case DateTime dt: text.Append(PythonDates.Format(dt, ' ')); break;
            case IDictionary<string, object?> map:
                text.Append('{');
                var first = true;
                foreach (var (key, item) in map)
                {
                    text.Append(first ? "" : ", ");
                    first = false;
                    AppendQuoted(text, key);
                    text.Append(": ");
                    AppendRepr(text, item);
                }
                text.Append('}');
                break;
            case object?[] tuple:
                text.Append('(');
                AppendItems(text, tuple);
                text.Append(tuple.Length == 1 ? ",)" : ")");
                break;
            case IList list:
                text.Append('[');
                AppendItems(text, list);
                text.Append(']');
                break;
            default:
                text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }

    private static void AppendItems(StringBuilder text, IEnumerable items)
    {
        var first = true;
        foreach (var item in items)
        {
            text.Append(first ? "" : ", ");
            first = false;
            AppendRepr(text, item);
        }
    }

    /// <summary>Python's repr of a string: single quotes unless the text holds one and no double quote.</summary>
    private static void AppendQuoted(StringBuilder text, string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        text.Append(quote);
        foreach (var c in s)
        {
            switch (c)
            {
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case var q when q == quote: text.Append('\\').Append(q); break;
                case < ' ' or '\x7f': text.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }
        text.Append(quote);
    }

    /// <summary>
    /// Python's float repr: the shortest text that reads back as the same double, with ".0" on whole numbers and
    /// an exponent (1e+16, 1.5e-07) outside 1e-4 ≤ |x| &lt; 1e16.
    /// </summary>
    public static string Float(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }
        var (unscaled, scale) = Serialization.NumberLiteral.Decompose(value.ToString("R", CultureInfo.InvariantCulture));
        var negative = unscaled.Sign < 0;
        var digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).TrimEnd('0');
        scale -= BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).Length - digits.Length;
        var exponent = digits.Length - 1 - scale; // the power of ten of the first digit
        string text;
        if (exponent < -4 || exponent >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : digits[..1] + "." + digits[1..];
            text = mantissa + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (scale <= 0)
        {
            text = digits + new string('0', -scale) + ".0";
        }
        else if (digits.Length > scale)
        {
            text = digits[..^scale] + "." + digits[^scale..];
        }
        else
        {
            text = "0." + new string('0', scale - digits.Length) + digits;
        }
        return negative ? "-" + text : text;
    }
}
