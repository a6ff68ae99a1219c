using System.Globalization;
using TapRest.Http;
using TapRest.Streams;

namespace TapRest.Pagination;

/// <summary>
/// simple_offset_paginator: offset and limit parameters on every request; a page shorter than the page size (counted
/// at offset_records_jsonpath, else the page's records) is the last.
/// </summary>
internal sealed class SimpleOffsetPaginator(string offsetParameter, string limitParameter, int pageSize, long initialOffset, string? recordsPath)
    : IPredictablePaginator
{
    private readonly long _first = initialOffset;
    private long _offset = initialOffset;

    public IReadOnlyDictionary<string, string> FirstParams => Params();

    public NextPage? Next(ApiResponse response, ResponseBody body, int recordCount)
    {
        var count = recordsPath is null ? recordCount : body.First(recordsPath) is List<object?> page ? page.Count : 0;
        if (count < pageSize)
        {
            return null;
        }
        _offset += pageSize;
        return new NextPage(_offset.ToString(CultureInfo.InvariantCulture), null, Params());
    }

    public IReadOnlyDictionary<string, string> ParamsOf(long index) => Params(_first + index * pageSize);

    private Dictionary<string, string> Params() => Params(_offset);

    private Dictionary<string, string> Params(long offset) => new(StringComparer.Ordinal)
    {
        [offsetParameter] = offset.ToString(CultureInfo.InvariantCulture),
        [limitParameter] = pageSize.ToString(CultureInfo.InvariantCulture),
    };
}
