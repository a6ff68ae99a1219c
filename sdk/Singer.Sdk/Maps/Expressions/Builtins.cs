using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace Singer.Sdk.Maps.Expressions;

/// <summary>The one table of functions expressions may call, by their dotted name.</summary>
internal static class Builtins
{
    private static readonly IReadOnlyDictionary<string, object?> NoKeywords = new Dictionary<string, object?>();

    public static IReadOnlyDictionary<string, object?> Empty => NoKeywords;

    /// <summary>Names that start a dotted path to a function (<c>json.dumps</c>), not a value.</summary>
    public static readonly IReadOnlySet<string> Modules = new HashSet<string>(StringComparer.Ordinal) { "json", "datetime" };

    public static readonly IReadOnlyDictionary<string, Builtin> Functions = new Builtin[]
    {
        new("md5", 1, 1, _ => StaticType.String, (a, _) => Hash(HashAlgorithmName.MD5, a[0])),
        new("sha256", 1, 1, _ => StaticType.String, (a, _) => Hash(HashAlgorithmName.SHA256, a[0])),
        new("int", 0, 2, _ => StaticType.Integer, (a, _) => a.Length == 0 ? 0L : ToInt(a[0], a.Length > 1 ? a[1] : null)),
        new("float", 0, 1, _ => StaticType.Number, (a, _) => a.Length == 0 ? 0.0 : ToFloat(a[0])),
        new("str", 0, 1, _ => StaticType.String, (a, _) => a.Length == 0 ? "" : PythonText.Str(a[0])),
        new("repr", 1, 1, _ => StaticType.String, (a, _) => PythonText.Repr(a[0])),
        new("bool", 0, 1, _ => StaticType.Boolean, (a, _) => a.Length != 0 && PythonValues.Truthy(a[0])),
        new("len", 1, 1, _ => StaticType.Integer, (a, _) => PythonValues.Length(a[0])),
        new("round", 1, 2, t => t.Count == 1 ? StaticType.Integer : t[0].Kind == TypeKind.Integer ? StaticType.Integer : StaticType.Number,
            (a, _) => Round(a[0], a.Length > 1 ? a[1] : null)),
        new("abs", 1, 1, t => t[0].Kind is TypeKind.Integer or TypeKind.Number ? new StaticType(t[0].Kind) : StaticType.Unknown,
            (a, _) => PythonNumbers.KindOf(a[0]) == PythonNumbers.Kind.None
                ? throw MapEvaluationException.Type($"bad operand type for abs(): '{PythonText.TypeName(a[0])}'")
                : PythonValues.Compare(a[0], 0L, "<") < 0 ? PythonNumbers.Negate(a[0]!) : a[0]),
        new("min", 1, 16, _ => StaticType.Unknown, (a, _) => Extreme(a, -1, "min")),
        new("max", 1, 16, _ => StaticType.Unknown, (a, _) => Extreme(a, 1, "max")),
        new("list", 0, 1, _ => StaticType.Array, (a, _) => a.Length == 0 ? new List<object?>() : PythonValues.Iterate(a[0]).ToList()),
        new("tuple", 0, 1, _ => StaticType.Array, (a, _) => a.Length == 0 ? Array.Empty<object?>() : PythonValues.Iterate(a[0]).ToArray()),
        new("dict", 0, 1, _ => StaticType.Object, (a, k) => ToDict(a.Length == 0 ? null : a[0], k), AcceptsAnyKeyword: true),
        new("json.dumps", 1, 1, _ => StaticType.String, (a, k) => PythonJson.Dumps(a[0], k),
            new HashSet<string>(StringComparer.Ordinal) { "sort_keys", "ensure_ascii", "separators", "default", "indent" }),
        new("json.loads", 1, 1, _ => StaticType.Unknown, (a, _) => PythonJson.Loads(a[0])),
        new("datetime.date", 3, 3, _ => StaticType.Date, (a, _) => NewDate(a)),
        new("datetime.datetime", 3, 7, _ => StaticType.DateTime, (a, _) => NewDateTime(a)),
        new("datetime.date.fromisoformat", 1, 1, _ => StaticType.Date, (a, _) => PythonDates.ParseDate(a[0])),
        new("datetime.datetime.fromisoformat", 1, 1, _ => StaticType.DateTime, (a, _) => PythonDates.ParseDateTime(a[0])),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>
    /// md5/sha256 of the UTF-8 text, as lowercase hex (Meltano's <c>hashlib.md5(s.encode("utf-8")).hexdigest()</c>).
    /// A non-text value is hashed as its <c>str()</c>, where Meltano's would fail.
    /// </summary>
    private static string Hash(HashAlgorithmName algorithm, object? value)
    {
        // One IncrementalHash per algorithm and thread, reused: a one-shot HashData sets up OpenSSL's digest on every
        // call, which costs more than hashing a short value.
        var hashes = t_hashes ??= [];
        if (!hashes.TryGetValue(algorithm, out var hash))
        {
            hash = IncrementalHash.CreateHash(algorithm);
            hashes[algorithm] = hash;
        }
        Span<byte> small = stackalloc byte[256];
        if (value is long number && number.TryFormat(small, out var written, default, CultureInfo.InvariantCulture))
        {
            hash.AppendData(small[..written]); // str() of an int, without the string
        }
        else
        {
            var text = PythonText.Str(value);
            if (text.Length <= small.Length / 3)
            {
                hash.AppendData(small[..Encoding.UTF8.GetBytes(text, small)]);
            }
            else
            {
                var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
                try
                {
                    hash.AppendData(bytes, 0, Encoding.UTF8.GetBytes(text, bytes));
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(bytes);
                }
            }
        }
        Span<byte> digest = stackalloc byte[64];
        return Convert.ToHexStringLower(digest[..hash.GetHashAndReset(digest)]);
    }

    [ThreadStatic]
    private static Dictionary<HashAlgorithmName, IncrementalHash>? t_hashes;

    private static object ToInt(object? value, object? numberBase)
    {
        switch (value)
        {
            case string text:
                var radix = numberBase is null ? 10 : (int)PythonNumbers.ToBigInteger(numberBase);
                var trimmed = text.Trim().Replace("_", "", StringComparison.Ordinal);
                if (radix == 10 && trimmed.Length > 0 && BigInteger.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                    && !text.Contains("__", StringComparison.Ordinal))
                {
                    return PythonNumbers.Integer(parsed);
                }
                if (radix == 16 && long.TryParse(trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? trimmed[2..] : trimmed,
                        NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
                {
                    return hex;
                }
                throw MapEvaluationException.Value($"invalid literal for int() with base {radix}: {PythonText.Repr(text)}");
            case double d when double.IsNaN(d):
                throw MapEvaluationException.Value("cannot convert float NaN to integer");
            case double d when double.IsInfinity(d):
                throw new MapEvaluationException("OverflowError: cannot convert float infinity to integer");
            case double d:
                return PythonNumbers.Integer(new BigInteger(Math.Truncate(d)));
            case decimal m:
                return PythonNumbers.Integer(new BigInteger(decimal.Truncate(m)));
            case BigDecimal bd:
                var (unscaled, scale) = bd.Decompose();
                return PythonNumbers.Integer(scale >= 0 ? BigInteger.Divide(unscaled, BigInteger.Pow(10, scale)) : unscaled * BigInteger.Pow(10, -scale));
            case not null when PythonNumbers.KindOf(value) == PythonNumbers.Kind.Integer:
                return PythonNumbers.Integer(PythonNumbers.ToBigInteger(value));
            default:
                throw MapEvaluationException.Type($"int() argument must be a string, a bytes-like object or a real number, not '{PythonText.TypeName(value)}'");
        }
    }

    private static double ToFloat(object? value)
    {
        if (value is string text)
        {
            var trimmed = text.Trim().ToLowerInvariant().Replace("_", "", StringComparison.Ordinal);
            return trimmed switch
            {
                "nan" or "+nan" or "-nan" => double.NaN,
                "inf" or "+inf" or "infinity" or "+infinity" => double.PositiveInfinity,
                "-inf" or "-infinity" => double.NegativeInfinity,
                _ when double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
                _ => throw MapEvaluationException.Value($"could not convert string to float: {PythonText.Repr(text)}"),
            };
        }
        return PythonNumbers.KindOf(value) != PythonNumbers.Kind.None
            ? PythonNumbers.ToDouble(value!)
            : throw MapEvaluationException.Type($"float() argument must be a string or a real number, not '{PythonText.TypeName(value)}'");
    }

    /// <summary>Python's round: to the nearest, ties to even; without digits an int, with digits the argument's own type.</summary>
    private static object Round(object? value, object? digits)
    {
        var places = digits is null ? 0 : (int)PythonNumbers.ToBigInteger(digits);
        switch (value)
        {
            case double d:
                var rounded = places is >= 0 and <= 15 ? Math.Round(d, places, MidpointRounding.ToEven) : d;
                return digits is null ? ToInt(rounded, null) : rounded;
            case decimal m:
                var r = places is >= 0 and <= 28 ? Math.Round(m, places, MidpointRounding.ToEven) : m;
                return digits is null ? ToInt(r, null) : r;
            case BigDecimal bd:
                return Round(bd.ToDouble(), digits);
            case not null when PythonNumbers.KindOf(value) == PythonNumbers.Kind.Integer:
                return PythonNumbers.Integer(PythonNumbers.ToBigInteger(value));
            default:
                throw MapEvaluationException.Type($"type {PythonText.TypeName(value)} doesn't define __round__ method");
        }
    }

    private static object? Extreme(object?[] arguments, int sign, string name)
    {
        var items = arguments.Length == 1 ? PythonValues.Iterate(arguments[0]).ToList() : arguments.ToList();
        if (items.Count == 0)
        {
            throw MapEvaluationException.Value($"{name}() iterable argument is empty");
        }
        var best = items[0];
        foreach (var item in items.Skip(1))
        {
            if (PythonValues.Compare(item, best, sign > 0 ? ">" : "<") * sign > 0)
            {
                best = item;
            }
        }
        return best;
    }

    private static Dictionary<string, object?> ToDict(object? source, IReadOnlyDictionary<string, object?> keywords)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (source is IDictionary<string, object?> map)
        {
            foreach (var (key, value) in map)
            {
                result[key] = value;
            }
        }
        else if (source is not null)
        {
            foreach (var pair in PythonValues.Iterate(source))
            {
                if (pair is not IList { Count: 2 } kv)
                {
                    throw MapEvaluationException.Value("dictionary update sequence element has the wrong length; 2 is required");
                }
                result[DictKey(kv[0])] = kv[1];
            }
        }
        foreach (var (key, value) in keywords)
        {
            result[key] = value;
        }
        return result;
    }

    /// <summary>
    /// A record value's object keys are text; a dict built in an expression with other keys (<c>dict([(1, 'a')])</c>)
    /// keys them by their <c>str()</c>, and <c>.get(1)</c> looks them up the same way.
    /// </summary>
    public static string DictKey(object? key) => key as string ?? PythonText.Str(key);

    private static DateOnly NewDate(object?[] a)
    {
        try
        {
            return new DateOnly(IntArgument(a[0]), IntArgument(a[1]), IntArgument(a[2]));
        }
        catch (ArgumentOutOfRangeException)
        {
            throw MapEvaluationException.Value("day is out of range for month");
        }
    }

    private static DateTime NewDateTime(object?[] a)
    {
        int At(int i) => i < a.Length ? IntArgument(a[i]) : 0;
        try
        {
            return new DateTime(At(0), At(1), At(2), At(3), At(4), At(5), DateTimeKind.Unspecified).AddTicks(At(6) * 10L);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw MapEvaluationException.Value("a datetime field is out of range");
        }
    }

    private static int IntArgument(object? value) => PythonNumbers.KindOf(value) == PythonNumbers.Kind.Integer
        ? (int)BigInteger.Clamp(PythonNumbers.ToBigInteger(value!), int.MinValue, int.MaxValue)
        : throw MapEvaluationException.Type($"'{PythonText.TypeName(value)}' object cannot be interpreted as an integer");
}
