using TapRest.Http;
using TapRest.Streams;

namespace TapRest.Pagination;

/// <summary>
/// header_link_paginator / restapi_header_link_paginator: follows the RFC 8288 <c>Link: &lt;…&gt;; rel="next"</c> URL
/// (resolved against the page's URL). With a results limit, stops once pages × page size reach it, as theirs does.
/// </summary>
internal sealed class HeaderLinkPaginator(IReadOnlyDictionary<string, string> firstParams, int? pageSize, long? resultsLimit) : IPaginator
{
    private int _pages;

    public IReadOnlyDictionary<string, string> FirstParams { get; } = firstParams;

    public NextPage? Next(ApiResponse response, ResponseBody body, int recordCount)
    {
        _pages++;
        if (resultsLimit is { } limit && (long)_pages * (pageSize ?? 25) >= limit)
        {
            return null;
        }
        return LinkHeader.Find(response.Header("Link"), "next") is { } target && Uri.TryCreate(response.Url, target, out var next)
            ? NextPage.FollowUrl(next)
            : null;
    }
}
