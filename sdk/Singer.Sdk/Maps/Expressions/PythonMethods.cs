using System.Collections;
using System.Globalization;
using System.Text;

namespace Singer.Sdk.Maps.Expressions;

/// <summary>
/// Methods and attributes of values (<c>email.split('@')</c>, <c>d.year</c>, <c>config.get('k')</c>). The receiver's
/// type is known only per record, so the binder checks the name and argument count, and the call dispatches on the value.
/// </summary>
internal static class PythonMethods
{
    /// <summary>Method name → (fewest arguments, most arguments, result type).</summary>
    public static readonly IReadOnlyDictionary<string, (int Min, int Max, StaticType Result)> Signatures = new Dictionary<string, (int, int, StaticType)>(StringComparer.Ordinal)
    {
        ["lower"] = (0, 0, StaticType.String),
        ["upper"] = (0, 0, StaticType.String),
        ["title"] = (0, 0, StaticType.String),
        ["capitalize"] = (0, 0, StaticType.String),
        ["strip"] = (0, 1, StaticType.String),
        ["lstrip"] = (0, 1, StaticType.String),
        ["rstrip"] = (0, 1, StaticType.String),
        ["split"] = (0, 2, StaticType.Array),
        ["replace"] = (2, 3, StaticType.String),
        ["startswith"] = (1, 1, StaticType.Boolean),
        ["endswith"] = (1, 1, StaticType.Boolean),
        ["find"] = (1, 1, StaticType.Integer),
        ["count"] = (1, 1, StaticType.Integer),
        ["join"] = (1, 1, StaticType.String),
        ["zfill"] = (1, 1, StaticType.String),
        ["isdigit"] = (0, 0, StaticType.Boolean),
        ["isalpha"] = (0, 0, StaticType.Boolean),
        ["get"] = (1, 2, StaticType.Unknown),
        ["keys"] = (0, 0, StaticType.Array),
        ["values"] = (0, 0, StaticType.Array),
        ["items"] = (0, 0, StaticType.Array),
        ["index"] = (1, 1, StaticType.Integer),
        ["isoformat"] = (0, 0, StaticType.String),
        ["date"] = (0, 0, StaticType.Date),
        ["timestamp"] = (0, 0, StaticType.Number),
        ["weekday"] = (0, 0, StaticType.Integer),
        ["isoweekday"] = (0, 0, StaticType.Integer),
    };

    /// <summary>Attributes read without a call: the parts of a date or datetime.</summary>
    public static readonly IReadOnlySet<string> Attributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "year", "month", "day", "hour", "minute", "second", "microsecond",
    };

    public static object? Attribute(object? target, string name) =>
        PythonDates.Attribute(target, name) ?? throw NoSuch(target, name);

    public static object? Call(object? target, string name, object?[] a) => (target, name) switch
    {
        (string s, "lower") => s.ToLowerInvariant(),
        (string s, "upper") => s.ToUpperInvariant(),
        (string s, "title") => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(s.ToLowerInvariant()),
        (string s, "capitalize") => s.Length == 0 ? s : s[..1].ToUpperInvariant() + s[1..].ToLowerInvariant(),
        (string s, "strip") => a.Length == 0 || a[0] is null ? s.Trim() : s.Trim(Text(a[0], name).ToCharArray()),
        (string s, "lstrip") => a.Length == 0 || a[0] is null ? s.TrimStart() : s.TrimStart(Text(a[0], name).ToCharArray()),
        (string s, "rstrip") => a.Length == 0 || a[0] is null ? s.TrimEnd() : s.TrimEnd(Text(a[0], name).ToCharArray()),
        (string s, "split") => Split(s, a.Length > 0 ? a[0] : null, a.Length > 1 ? a[1] : null),
        (string s, "replace") => Replace(s, Text(a[0], name), Text(a[1], name), a.Length > 2 ? a[2] : null),
        (string s, "startswith") => Affixes(a[0], name).Any(p => s.StartsWith(p, StringComparison.Ordinal)),
        (string s, "endswith") => Affixes(a[0], name).Any(p => s.EndsWith(p, StringComparison.Ordinal)),
        (string s, "find") => (long)s.IndexOf(Text(a[0], name), StringComparison.Ordinal),
        (string s, "count") => (long)Count(s, Text(a[0], name)),
        (string s, "join") => string.Join(s, PythonValues.Iterate(a[0]).Select(x => x as string
            ?? throw MapEvaluationException.Type($"sequence item: expected str instance, {PythonText.TypeName(x)} found"))),
        (string s, "zfill") => ZeroFill(s, (int)PythonNumbers.ToBigInteger(a[0] ?? 0L)),
        (string s, "isdigit") => s.Length > 0 && s.All(char.IsDigit),
        (string s, "isalpha") => s.Length > 0 && s.All(char.IsLetter),
        (string s, "index") => s.IndexOf(Text(a[0], name), StringComparison.Ordinal) is var at and >= 0
            ? (long)at : throw MapEvaluationException.Value("substring not found"),
        (IDictionary<string, object?> map, "get") => map.TryGetValue(Builtins.DictKey(a[0]), out var found) ? found : a.Length > 1 ? a[1] : null,
        (IDictionary<string, object?> map, "keys") => map.Keys.Cast<object?>().ToList(),
        (IDictionary<string, object?> map, "values") => map.Values.ToList(),
        (IDictionary<string, object?> map, "items") => map.Select(p => (object?)new object?[] { p.Key, p.Value }).ToList(),
        (IList list, "index") => list.Cast<object?>().ToList().FindIndex(x => PythonValues.Equals(x, a[0])) is var i and >= 0
            ? (long)i : throw MapEvaluationException.Value($"{PythonText.Repr(a[0])} is not in list"),
        (IList list, "count") => (long)list.Cast<object?>().Count(x => PythonValues.Equals(x, a[0])),
        (DateOnly d, "isoformat") => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        (DateTimeOffset d, "isoformat") => PythonDates.Format(d, 'T'),
        (DateTime d, "isoformat") => PythonDates.Format(d, 'T'),
        (DateTimeOffset d, "date") => DateOnly.FromDateTime(d.DateTime),
        (DateTime d, "date") => DateOnly.FromDateTime(d),
        (DateTimeOffset or DateTime, "timestamp") => PythonDates.Timestamp(target),
        (DateOnly d, "weekday") => (long)(((int)d.DayOfWeek + 6) % 7),
        (DateTimeOffset d, "weekday") => (long)(((int)d.DayOfWeek + 6) % 7),
        (DateTime d, "weekday") => (long)(((int)d.DayOfWeek + 6) % 7),
        (DateOnly d, "isoweekday") => (long)(((int)d.DayOfWeek + 6) % 7) + 1,
        _ => throw NoSuch(target, name),
    };

    private static MapEvaluationException NoSuch(object? target, string name) =>
        new($"AttributeError: '{PythonText.TypeName(target)}' object has no attribute '{name}'");

    private static string Text(object? value, string method) =>
        value as string ?? throw MapEvaluationException.Type($"{method}() argument must be str, not {PythonText.TypeName(value)}");

    private static IEnumerable<string> Affixes(object? value, string method) => value switch
    {
        string s => [s],
        object?[] tuple => tuple.Select(x => Text(x, method)),
        _ => throw MapEvaluationException.Type($"{method} first arg must be str or a tuple of str, not {PythonText.TypeName(value)}"),
    };

    /// <summary>Python's split: with no separator, on runs of whitespace with empty ends dropped; with one, exactly on it.</summary>
    private static List<object?> Split(string s, object? separator, object? maxSplit)
    {
        var max = maxSplit is null ? -1 : (int)PythonNumbers.ToBigInteger(maxSplit);
        if (separator is null)
        {
            var words = s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (max < 0 || words.Length <= max + 1)
            {
                return words.Cast<object?>().ToList();
            }
            var parts = s.TrimStart().Split((char[]?)null, max + 1, StringSplitOptions.RemoveEmptyEntries);
            return parts.Cast<object?>().ToList();
        }
        var text = Text(separator, "split");
        if (text.Length == 0)
        {
            throw MapEvaluationException.Value("empty separator");
        }
        return (max < 0 ? s.Split(text) : s.Split(text, max + 1)).Cast<object?>().ToList();
    }

    private static string Replace(string s, string old, string replacement, object? count)
    {
        var limit = count is null ? -1 : (long)PythonNumbers.ToBigInteger(count);
        if (limit < 0)
        {
            return old.Length == 0 ? InsertEverywhere(s, replacement) : s.Replace(old, replacement, StringComparison.Ordinal);
        }
        var result = new StringBuilder();
        var at = 0;
        for (var done = 0; done < limit && old.Length > 0; done++)
        {
            var next = s.IndexOf(old, at, StringComparison.Ordinal);
            if (next < 0)
            {
                break;
            }
            result.Append(s, at, next - at).Append(replacement);
            at = next + old.Length;
        }
        return result.Append(s, at, s.Length - at).ToString();
    }

    private static string InsertEverywhere(string s, string insert) => insert + string.Concat(s.Select(c => c + insert));

    private static int Count(string s, string part)
    {
        if (part.Length == 0)
        {
            return s.Length + 1;
        }
        var n = 0;
        for (var at = s.IndexOf(part, StringComparison.Ordinal); at >= 0; at = s.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            n++;
        }
        return n;
    }

    private static string ZeroFill(string s, int width)
    {
        if (s.Length >= width)
        {
            return s;
        }
        var sign = s.Length > 0 && s[0] is '+' or '-' ? s[..1] : "";
        return sign + new string('0', width - s.Length) + s[sign.Length..];
    }
}
