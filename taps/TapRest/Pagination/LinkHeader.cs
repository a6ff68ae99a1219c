namespace TapRest.Pagination;

/// <summary>Reads RFC 8288 Link header values: <c>&lt;url&gt;; rel="next", &lt;url&gt;; rel="last"</c>.</summary>
internal static class LinkHeader
{
    /// <summary>The target of the first link whose rel (a space-separated list) contains <paramref name="relation"/>.</summary>
    public static string? Find(string? header, string relation)
    {
        var rest = header.AsSpan();
        while (true)
        {
            var open = rest.IndexOf('<');
            if (open < 0)
            {
                return null;
            }
            var close = rest[open..].IndexOf('>');
            if (close < 0)
            {
                return null;
            }
            var target = rest.Slice(open + 1, close - 1).Trim().ToString();
            rest = rest[(open + close + 1)..];
            var end = rest.IndexOf('<');
            var parameters = (end < 0 ? rest : rest[..end]).ToString();
            if (HasRelation(parameters, relation))
            {
                return target;
            }
        }
    }

    private static bool HasRelation(string parameters, string relation)
    {
        foreach (var parameter in parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = parameter.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && parameter[..equals].Trim().Equals("rel", StringComparison.OrdinalIgnoreCase))
            {
                var values = parameter[(equals + 1)..].Trim().TrimEnd(',').Trim('"').Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return values.Contains(relation, StringComparer.OrdinalIgnoreCase);
            }
        }
        return false;
    }
}
