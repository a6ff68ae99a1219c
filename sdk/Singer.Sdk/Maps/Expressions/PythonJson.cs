using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Singer.Sdk.Maps.Expressions;

/// <summary>
/// <c>json.dumps</c> as Python writes it by default (<c>{"a": 1, "b": [true, null]}</c>: ", " and ": " separators,
/// non-ASCII as \u escapes) with its <c>sort_keys</c>, <c>ensure_ascii</c> and <c>separators</c> options; numbers keep
/// their exact text. <c>json.loads</c> reads with the SDK's exact numbers.
/// </summary>
internal static class PythonJson
{
    public static string Dumps(object? value, IReadOnlyDictionary<string, object?> options)
    {
        var sortKeys = options.TryGetValue("sort_keys", out var sort) && PythonValues.Truthy(sort);
        var ensureAscii = !options.TryGetValue("ensure_ascii", out var ascii) || PythonValues.Truthy(ascii);
        var (itemSeparator, keySeparator) = (", ", ": ");
        if (options.TryGetValue("separators", out var separators) && separators is IList { Count: 2 } pair && pair[0] is string a && pair[1] is string b)
        {
            (itemSeparator, keySeparator) = (a, b);
        }
        var text = new StringBuilder();
        Write(text, value, sortKeys, ensureAscii, itemSeparator, keySeparator, depth: 0);
        return text.ToString();
    }

    public static object? Loads(object? value)
    {
        if (value is not string text)
        {
            throw MapEvaluationException.Type($"the JSON object must be str, not {PythonText.TypeName(value)}");
        }
        try
        {
            return SingerJson.Parse(text);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException or ArgumentException)
        {
            throw new MapEvaluationException($"json.decoder.JSONDecodeError: {ex.Message}");
        }
    }

    private static void Write(StringBuilder text, object? value, bool sortKeys, bool ensureAscii, string itemSeparator, string keySeparator, int depth)
    {
        if (depth > 256)
        {
            throw new MapEvaluationException("RecursionError: maximum recursion depth exceeded while encoding a JSON object");
        }
        switch (value)
        {
            case null: text.Append("null"); break;
            case bool flag: text.Append(flag ? "true" : "false"); break;
            case string s: Quote(text, s, ensureAscii); break;
            case double d: text.Append(double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : PythonText.Float(d)); break;
            case decimal m: text.Append(m.ToString(CultureInfo.InvariantCulture)); break;
            case BigDecimal bd: text.Append(bd.Literal); break;
            case BigInteger bi: text.Append(bi.ToString(CultureInfo.InvariantCulture)); break;
            case long l: text.Append(l.ToString(CultureInfo.InvariantCulture)); break;
            case DateOnly or DateTime or DateTimeOffset:
                throw MapEvaluationException.Type($"Object of type {PythonText.TypeName(value)} is not JSON serializable");
            case IDictionary<string, object?> map:
                text.Append('{');
                var first = true;
                foreach (var (key, item) in sortKeys ? map.OrderBy(p => p.Key, StringComparer.Ordinal) : map.AsEnumerable())
                {
                    text.Append(first ? "" : itemSeparator);
                    first = false;
                    Quote(text, key, ensureAscii);
                    text.Append(keySeparator);
                    Write(text, item, sortKeys, ensureAscii, itemSeparator, keySeparator, depth + 1);
                }
                text.Append('}');
                break;
            case IEnumerable items:
                text.Append('[');
                var firstItem = true;
                foreach (var item in items)
                {
                    text.Append(firstItem ? "" : itemSeparator);
                    firstItem = false;
                    Write(text, item, sortKeys, ensureAscii, itemSeparator, keySeparator, depth + 1);
                }
                text.Append(']');
                break;
            default:
                if (PythonNumbers.KindOf(value) != PythonNumbers.Kind.None)
                {
                    text.Append(Convert.ToString(value, CultureInfo.InvariantCulture));
                    break;
                }
                throw MapEvaluationException.Type($"Object of type {PythonText.TypeName(value)} is not JSON serializable");
        }
    }

    private static void Quote(StringBuilder text, string s, bool ensureAscii)
    {
        text.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case > '~' when ensureAscii:
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }
}
