using TapRest.Http;
using TapRest.Streams;

namespace TapRest.Pagination;

/// <summary>
/// hateoas_paginator (and the jsonpath styles with response style hateoas_body): the body holds the next page's URL at
/// a JSONPath (a FHIR bundle: <c>$.link[?(@.relation=='next')].url</c>); it is resolved against the page's URL and
/// followed as it is, since it carries every parameter the API wants.
/// </summary>
internal sealed class HateoasPaginator(string urlPath) : IPaginator
{
    public IReadOnlyDictionary<string, string> FirstParams { get; } = new Dictionary<string, string>();

    public NextPage? Next(ApiResponse response, ResponseBody body, int recordCount) =>
        body.FirstText(urlPath) is { Length: > 0 } target && Uri.TryCreate(response.Url, target, out var next)
            ? NextPage.FollowUrl(next)
            : null;
}
