using System.Globalization;
using Newtonsoft.Json.Linq;
using TapRest.Http;

namespace TapRest.Pagination;

/// <summary>
/// offset_paginator / style1: the body's pagination object (at a JSONPath, default <c>pagination</c>; nested objects
/// unnested) says offset, limit and the total; there is more while offset + limit ≤ total, as theirs decides. The
/// first request sends only the limit; later ones the initial offset plus a page size per page.
/// </summary>
internal sealed class OffsetPaginator(string offsetParameter, string limitParameter, int pageSize, long initialOffset, string? paginationPath, string totalField)
    : IPaginator
{
    private long _offset = initialOffset;

    public IReadOnlyDictionary<string, string> FirstParams { get; } =
        new Dictionary<string, string> { [limitParameter] = pageSize.ToString(CultureInfo.InvariantCulture) };

    public NextPage? Next(ApiResponse response, JToken body, int recordCount)
    {
        var pagination = paginationPath is null ? (body as JObject)?["pagination"] : JsonPaths.First(body, paginationPath);
        if (pagination is not JObject found)
        {
            return null;
        }
        var fields = Unnest(found);
        if (!fields.TryGetValue("offset", out var offset) || !fields.TryGetValue("limit", out var limit))
        {
            return null;
        }
        var total = fields.GetValueOrDefault(totalField) ?? 0;
        if (offset + limit > total)
        {
            return null;
        }
        _offset += pageSize;
        var next = NextPage.WithParam(offsetParameter, _offset.ToString(CultureInfo.InvariantCulture));
        return next with { Params = new Dictionary<string, string>(next.Params) { [limitParameter] = pageSize.ToString(CultureInfo.InvariantCulture) } };
    }

    /// <summary>Every numeric leaf of the object, nested ones by their own name (theirs: unnest_dict).</summary>
    private static Dictionary<string, decimal?> Unnest(JObject pagination)
    {
        var fields = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var property in pagination.Properties())
        {
            if (property.Value is JObject nested)
            {
                foreach (var (key, value) in Unnest(nested))
                {
                    fields[key] = value;
                }
            }
            else
            {
                fields[property.Name] = property.Value.Type is JTokenType.Integer or JTokenType.Float ? property.Value.Value<decimal>() : null;
            }
        }
        return fields;
    }
}
