using System.Collections;
using System.Globalization;

namespace Singer.Sdk.Maps.Expressions;

/// <summary>Python's truthiness, equality, ordering, <c>in</c>, indexing and slicing over record values.</summary>
internal static class PythonValues
{
    public static bool Truthy(object? value) => value switch
    {
        null => false,
        bool flag => flag,
        string s => s.Length > 0,
        ICollection collection => collection.Count > 0,
        _ when PythonNumbers.KindOf(value) != PythonNumbers.Kind.None => !PythonNumbers.IsZero(value),
        _ => true,
    };

    public static new bool Equals(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null;
        }
        if (a is string s && b is string t)
        {
            return string.Equals(s, t, StringComparison.Ordinal);
        }
        var (ka, kb) = (PythonNumbers.KindOf(a), PythonNumbers.KindOf(b));
        if (ka != PythonNumbers.Kind.None && kb != PythonNumbers.Kind.None)
        {
            if (a is double da && double.IsNaN(da) || b is double db && double.IsNaN(db))
            {
                return false;
            }
            return CompareNumbers(a, b) == 0;
        }
        switch (a, b)
        {
            case (IDictionary<string, object?> x, IDictionary<string, object?> y):
                return x.Count == y.Count && x.All(pair => y.TryGetValue(pair.Key, out var other) && Equals(pair.Value, other));
            case (object?[] x, object?[] y):
                return SequenceEquals(x, y);
            case (object?[], _) or (_, object?[]):
                return false; // a tuple never equals a list, as in Python
            case (IList x, IList y):
                return SequenceEquals(x, y);
            case (DateTimeOffset x, DateTimeOffset y):
                return x == y;
            default:
                return a.Equals(b);
        }
    }

    private static bool SequenceEquals(IList x, IList y)
    {
        if (x.Count != y.Count)
        {
            return false;
        }
        for (var i = 0; i < x.Count; i++)
        {
            if (!Equals(x[i], y[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary><c>&lt; &lt;= &gt; &gt;=</c>: numbers with numbers, text with text (by code point), sequences item by item, dates with dates.</summary>
    public static int Compare(object? a, object? b, string op)
    {
        var (ka, kb) = (PythonNumbers.KindOf(a), PythonNumbers.KindOf(b));
        if (ka != PythonNumbers.Kind.None && kb != PythonNumbers.Kind.None)
        {
            return CompareNumbers(a!, b!);
        }
        switch (a, b)
        {
            case (string s, string t):
                return string.CompareOrdinal(s, t);
            case (IList x, IList y) when (x is object?[]) == (y is object?[]):
                for (var i = 0; i < Math.Min(x.Count, y.Count); i++)
                {
                    if (!Equals(x[i], y[i]))
                    {
                        return Compare(x[i], y[i], op);
                    }
                }
                return x.Count.CompareTo(y.Count);
            case (DateOnly x, DateOnly y):
                return x.CompareTo(y);
            case (DateTimeOffset x, DateTimeOffset y):
                return x.CompareTo(y);
            case (DateTime x, DateTime y):
                return x.CompareTo(y);
            default:
                throw MapEvaluationException.Type($"'{op}' not supported between instances of '{PythonText.TypeName(a)}' and '{PythonText.TypeName(b)}'");
        }
    }

    private static int CompareNumbers(object a, object b)
    {
        if (a is double || b is double || a is float || b is float)
        {
            return PythonNumbers.ToDouble(a).CompareTo(PythonNumbers.ToDouble(b));
        }
        return ExactNumber.Compare(PythonNumbers.Parts(a), PythonNumbers.Parts(b));
    }

    /// <summary><c>item in container</c>: a substring of text, an item of a list or tuple, a key of a dict.</summary>
    public static bool Contains(object? container, object? item) => container switch
    {
        string s when item is string t => s.Contains(t, StringComparison.Ordinal),
        string => throw MapEvaluationException.Type($"'in <string>' requires string as left operand, not {PythonText.TypeName(item)}"),
        IDictionary<string, object?> map => item is string key && map.ContainsKey(key),
        IList list => list.Cast<object?>().Any(x => Equals(x, item)),
        _ => throw MapEvaluationException.Type($"argument of type '{PythonText.TypeName(container)}' is not iterable"),
    };

    public static long Length(object? value) => value switch
    {
        string s => CodePoints(s).Length,
        ICollection collection => collection.Count,
        _ => throw MapEvaluationException.Type($"object of type '{PythonText.TypeName(value)}' has no len()"),
    };

    public static IEnumerable<object?> Iterate(object? value) => value switch
    {
        string s => CodePoints(s).Select(c => (object?)char.ConvertFromUtf32(c)),
        IDictionary<string, object?> map => map.Keys,
        IEnumerable items => items.Cast<object?>(),
        _ => throw MapEvaluationException.Type($"'{PythonText.TypeName(value)}' object is not iterable"),
    };

    public static object? Index(object? target, object? index)
    {
        switch (target)
        {
            case IDictionary<string, object?> map:
                if (index is string key && map.TryGetValue(key, out var found))
                {
                    return found;
                }
                // A JSON object's keys are text: config[1] looks for '1' no more than Python would.
                throw new MapEvaluationException($"KeyError: {PythonText.Repr(index)}");
            case string s:
                var points = CodePoints(s);
                return char.ConvertFromUtf32(points[Position(index, points.Length, "string")]);
            case IList list:
                return list[Position(index, list.Count, target is object?[] ? "tuple" : "list")];
            default:
                throw MapEvaluationException.Type($"'{PythonText.TypeName(target)}' object is not subscriptable");
        }
    }

    private static int Position(object? index, int count, string what)
    {
        if (PythonNumbers.KindOf(index) != PythonNumbers.Kind.Integer)
        {
            throw MapEvaluationException.Type($"{what} indices must be integers, not '{PythonText.TypeName(index)}'");
        }
        var i = PythonNumbers.ToBigInteger(index!);
        if (i < 0)
        {
            i += count;
        }
        return i >= 0 && i < count ? (int)i : throw new MapEvaluationException($"IndexError: {what} index out of range");
    }

    /// <summary><c>target[start:stop:step]</c> with Python's clamping and negative positions, on text (by code point), lists and tuples.</summary>
    public static object Slice(object? target, object? start, object? stop, object? step)
    {
        var items = target switch
        {
            string s => CodePoints(s).Select(c => (object?)c).ToList(),
            IList list => list.Cast<object?>().ToList(),
            _ => throw MapEvaluationException.Type($"'{PythonText.TypeName(target)}' object is not subscriptable"),
        };
        var by = step is null ? 1 : Bound(step);
        if (by == 0)
        {
            throw MapEvaluationException.Value("slice step cannot be zero");
        }
        var n = items.Count;
        long from, to;
        if (by > 0)
        {
            from = start is null ? 0 : Clamp(Bound(start), n, 0, n);
            to = stop is null ? n : Clamp(Bound(stop), n, 0, n);
        }
        else
        {
            from = start is null ? n - 1 : Clamp(Bound(start), n, -1, n - 1);
            to = stop is null ? -1 : Clamp(Bound(stop), n, -1, n - 1);
        }
        var picked = new List<object?>();
        for (var i = from; by > 0 ? i < to : i > to; i += by)
        {
            picked.Add(items[(int)i]);
        }
        return target switch
        {
            string => string.Concat(picked.Select(c => char.ConvertFromUtf32((int)c!))),
            object?[] => picked.ToArray(),
            _ => picked,
        };
    }

    private static long Bound(object value) => PythonNumbers.KindOf(value) == PythonNumbers.Kind.Integer
        ? (long)System.Numerics.BigInteger.Clamp(PythonNumbers.ToBigInteger(value), int.MinValue, int.MaxValue)
        : throw MapEvaluationException.Type("slice indices must be integers or None");

    private static long Clamp(long position, int count, long low, long high)
    {
        if (position < 0)
        {
            position += count;
        }
        return Math.Clamp(position, low, high);
    }

    public static int[] CodePoints(string text)
    {
        var points = new int[text.Length];
        var n = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            points[n++] = rune.Value;
        }
        return n == points.Length ? points : points[..n];
    }

}
