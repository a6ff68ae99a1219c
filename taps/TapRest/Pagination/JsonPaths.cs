using TapRest.Streams;

namespace TapRest.Pagination;

/// <summary>
/// JSONPath over a parsed body. A plain path (<c>$</c>, <c>$.a.b</c>, <c>hasMore</c>, any of them ending in <c>[*]</c>)
/// is walked directly over the values, which is what almost every config uses and costs nothing per record; anything
/// else (filters, indexes, recursive descent) goes to Newtonsoft.Json's SelectTokens over a mirror of the body. Both
/// give the same matches. A bad path is a config error.
/// </summary>
internal static class JsonPaths
{
    public static IReadOnlyList<object?> Select(ResponseBody body, string path)
    {
        if (PlainPath.TryParse(path) is { } plain)
        {
            return plain.Select(body.ValueFor(plain));
        }
        return body.Mirror.Select(path);
    }
}
