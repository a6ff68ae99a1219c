using System.Globalization;
using Singer.Sdk;
using TapRest.Http;
using TapRest.Streams;

namespace TapRest.Pagination;

/// <summary>
/// offset_paginator / style1: the body's pagination object (at a JSONPath, default <c>pagination</c>; nested objects
/// unnested) says offset, limit and the total; there is more while offset + limit ≤ total, as theirs decides. The
/// first request sends only the limit; later ones the initial offset plus a page size per page.
/// </summary>
internal sealed class OffsetPaginator(string offsetParameter, string limitParameter, int pageSize, long initialOffset, string? paginationPath, string totalField)
    : IPredictablePaginator
{
    private readonly long _first = initialOffset;
    private long _offset = initialOffset;

    public IReadOnlyDictionary<string, string> FirstParams { get; } =
        new Dictionary<string, string> { [limitParameter] = pageSize.ToString(CultureInfo.InvariantCulture) };

    public NextPage? Next(ApiResponse response, ResponseBody body, int recordCount)
    {
        var pagination = body.First(paginationPath ?? "$.pagination");
        if (pagination is not Dictionary<string, object?> found)
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

    public IReadOnlyDictionary<string, string> ParamsOf(long index) => index == 0
        ? FirstParams
        : new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [offsetParameter] = (_first + index * pageSize).ToString(CultureInfo.InvariantCulture),
            [limitParameter] = pageSize.ToString(CultureInfo.InvariantCulture),
        };

    /// <summary>Every numeric leaf of the object, nested ones by their own name (theirs: unnest_dict).</summary>
    private static Dictionary<string, decimal?> Unnest(Dictionary<string, object?> pagination)
    {
        var fields = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var (name, value) in pagination)
        {
            if (value is Dictionary<string, object?> nested)
            {
                foreach (var (key, number) in Unnest(nested))
                {
                    fields[key] = number;
                }
            }
            else
            {
                fields[name] = ExactNumber.TryToDecimal(value, out var number) ? number : null;
            }
        }
        return fields;
    }
}
