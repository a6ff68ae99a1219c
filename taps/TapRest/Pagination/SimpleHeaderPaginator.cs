using TapRest.Http;
using TapRest.Streams;

namespace TapRest.Pagination;

/// <summary>simple_header_paginator: the next page number in a response header (X-Next-Page, as GitLab sends it).</summary>
internal sealed class SimpleHeaderPaginator(string header, string parameter) : IPaginator
{
    public IReadOnlyDictionary<string, string> FirstParams { get; } = new Dictionary<string, string>();

    public NextPage? Next(ApiResponse response, ResponseBody body, int recordCount) =>
        response.Header(header)?.Trim() is { Length: > 0 } token ? NextPage.WithParam(parameter, token) : null;
}
