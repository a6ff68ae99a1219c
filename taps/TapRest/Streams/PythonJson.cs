using System.Globalization;
using System.Numerics;
using System.Text;

namespace TapRest.Streams;

/// <summary>
/// JSON text exactly as Python's json.dumps writes it (", " and ": " separators, non-ASCII escaped), which is how
/// tap-rest-api-msdk stores lists and except_keys: the same record gives the same string in both taps.
/// </summary>
internal static class PythonJson
{
    public static string Dumps(object? value) => Write(new StringBuilder(), value).ToString();

    private static StringBuilder Write(StringBuilder text, object? value)
    {
        switch (value)
        {
            case null: return text.Append("null");
            case bool b: return text.Append(b ? "true" : "false");
            case string s: return Quote(text, s);
            case long l: return text.Append(l.ToString(CultureInfo.InvariantCulture));
            case BigInteger big: return text.Append(big.ToString(CultureInfo.InvariantCulture));
            case decimal d: return text.Append(FloatText(d));
            case Singer.Sdk.BigDecimal exact: return text.Append(exact.TryToDecimal(out var fits) ? FloatText(fits) : exact.Literal);
            case double f: return text.Append(f.ToString("R", CultureInfo.InvariantCulture));
            case Dictionary<string, object?> map:
                text.Append('{');
                var first = true;
                foreach (var (key, item) in map)
                {
                    Write(Quote(text.Append(first ? "" : ", "), key).Append(": "), item);
                    first = false;
                }
                return text.Append('}');
            case List<object?> list:
                text.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    Write(text.Append(i == 0 ? "" : ", "), list[i]);
                }
                return text.Append(']');
            default: return Quote(text, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
        }
    }

    /// <summary>A non-integer as Python's float repr: trailing zeros dropped, at least one decimal (<c>1.50</c> → <c>1.5</c>, <c>2.0</c>).</summary>
    private static string FloatText(decimal value)
    {
        var text = value.ToString("G29", CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) || text.Contains('E', StringComparison.Ordinal) ? text : text + ".0";
    }

    private static StringBuilder Quote(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => text.Append("\\\""),
                '\\' => text.Append("\\\\"),
                '\n' => text.Append("\\n"),
                '\r' => text.Append("\\r"),
                '\t' => text.Append("\\t"),
                '\b' => text.Append("\\b"),
                '\f' => text.Append("\\f"),
                < ' ' or > '~' => text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => text.Append(c),
            };
        }
        return text.Append('"');
    }
}
