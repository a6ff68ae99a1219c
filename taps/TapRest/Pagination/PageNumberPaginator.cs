using System.Globalization;
using Newtonsoft.Json.Linq;
using TapRest.Http;

namespace TapRest.Pagination;

/// <summary>
/// page_number_paginator: pages numbered from the initial offset, the first request without a number (the API's first
/// page); more while the body's has-more flag (JSONPath, default <c>hasMore</c>) is true.
/// </summary>
internal sealed class PageNumberPaginator(string parameter, long initialPage, string hasMorePath) : IPaginator
{
    private long _page = initialPage;

    public IReadOnlyDictionary<string, string> FirstParams { get; } = new Dictionary<string, string>();

    public NextPage? Next(ApiResponse response, JToken body, int recordCount)
    {
        if (JsonPaths.First(body, hasMorePath) is not { Type: JTokenType.Boolean } flag || !flag.Value<bool>())
        {
            return null;
        }
        _page++;
        return NextPage.WithParam(parameter, _page.ToString(CultureInfo.InvariantCulture));
    }
}
