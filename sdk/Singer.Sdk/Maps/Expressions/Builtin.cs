namespace Singer.Sdk.Maps.Expressions;

/// <summary>
/// A function an expression may call (<c>md5</c>, <c>int</c>, <c>json.dumps</c>, <c>datetime.date.fromisoformat</c>):
/// its arity and keywords are checked when the expression is bound, its result type feeds the SCHEMA.
/// </summary>
internal sealed record Builtin(
    string Name,
    int MinArguments,
    int MaxArguments,
    Func<IReadOnlyList<StaticType>, StaticType> ResultType,
    Func<object?[], IReadOnlyDictionary<string, object?>, object?> Invoke,
    IReadOnlySet<string>? Keywords = null,
    bool AcceptsAnyKeyword = false);
