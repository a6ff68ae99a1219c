using System.Collections;
using System.Text;

namespace Singer.Sdk.Maps.Expressions;

/// <summary>Python's binary operators over record values: numbers through <see cref="PythonNumbers"/>, plus text and list concatenation and repetition.</summary>
internal static class BinaryOperators
{
    /// <summary>The longest text or list <c>*</c> may build: a map must not take the machine's memory on one record.</summary>
    private const long MaxRepeatedLength = 16 << 20;

    public static object? Apply(string op, object? a, object? b)
    {
        var numbers = a is not null && b is not null && PythonNumbers.KindOf(a) != PythonNumbers.Kind.None && PythonNumbers.KindOf(b) != PythonNumbers.Kind.None;
        if (numbers)
        {
            return op switch
            {
                "+" or "-" or "*" => PythonNumbers.Arithmetic(a!, b!, op),
                "/" => PythonNumbers.Divide(a!, b!),
                "//" => PythonNumbers.FloorDivideOrModulo(a!, b!, modulo: false),
                "%" => PythonNumbers.FloorDivideOrModulo(a!, b!, modulo: true),
                _ => PythonNumbers.Power(a!, b!),
            };
        }
        return (op, a, b) switch
        {
            ("+", string s, string t) => s + t,
            ("+", object?[] x, object?[] y) => x.Concat(y).ToArray(),
            ("+", IList x, IList y) when x is not object?[] && y is not object?[] => x.Cast<object?>().Concat(y.Cast<object?>()).ToList(),
            ("*", string s, _) when IsInteger(b) => Repeat(s, b!),
            ("*", _, string s) when IsInteger(a) => Repeat(s, a!),
            _ => throw MapEvaluationException.Type($"unsupported operand type(s) for {op}: '{PythonText.TypeName(a)}' and '{PythonText.TypeName(b)}'"),
        };
    }

    private static bool IsInteger(object? value) => value is not null && PythonNumbers.KindOf(value) == PythonNumbers.Kind.Integer;

    private static string Repeat(string s, object count)
    {
        var n = PythonNumbers.ToBigInteger(count);
        if (n <= 0 || s.Length == 0)
        {
            return "";
        }
        if (n * s.Length > MaxRepeatedLength)
        {
            throw new MapEvaluationException($"MemoryError: the repeated text would be longer than {MaxRepeatedLength} characters");
        }
        return new StringBuilder(s.Length * (int)n).Insert(0, s, (int)n).ToString();
    }

    public static bool Compare(string op, object? a, object? b) => op switch
    {
        "==" => PythonValues.Equals(a, b),
        "!=" => !PythonValues.Equals(a, b),
        "<" => PythonValues.Compare(a, b, op) < 0,
        "<=" => PythonValues.Compare(a, b, op) <= 0,
        ">" => PythonValues.Compare(a, b, op) > 0,
        ">=" => PythonValues.Compare(a, b, op) >= 0,
        "in" => PythonValues.Contains(b, a),
        "not in" => !PythonValues.Contains(b, a),
        "is" => Same(a, b),
        _ => !Same(a, b),
    };

    /// <summary><c>is</c>: identity, which for the values a map sees means None is None and True is True.</summary>
    private static bool Same(object? a, object? b) => a is null || b is null ? a is null && b is null
        : a is bool x && b is bool y ? x == y : ReferenceEquals(a, b);
}
