using System.Globalization;
using TapRest.Http;
using TapRest.Streams;

namespace TapRest.Pagination;

/// <summary>
/// page_number_paginator: pages numbered from the initial offset, the first request without a number (the API's first
/// page); more while the body's has-more flag (JSONPath, default <c>hasMore</c>) is true.
/// </summary>
internal sealed class PageNumberPaginator(string parameter, long initialPage, string hasMorePath) : IPredictablePaginator
{
    private readonly long _first = initialPage;
    private long _page = initialPage;

    public IReadOnlyDictionary<string, string> FirstParams { get; } = new Dictionary<string, string>();

    public NextPage? Next(ApiResponse response, ResponseBody body, int recordCount)
    {
        if (body.First(hasMorePath) is not true)
        {
            return null;
        }
        _page++;
        return NextPage.WithParam(parameter, _page.ToString(CultureInfo.InvariantCulture));
    }

    public IReadOnlyDictionary<string, string> ParamsOf(long index) =>
        index == 0 ? FirstParams : NextPage.WithParam(parameter, (_first + index).ToString(CultureInfo.InvariantCulture)).Params;
}
