using TapRest.Http;
using TapRest.Streams;

namespace TapRest.Pagination;

/// <summary>single_page_paginator: one request per stream.</summary>
internal sealed class SinglePagePaginator : IPaginator
{
    public IReadOnlyDictionary<string, string> FirstParams { get; } = new Dictionary<string, string>();

    public NextPage? Next(ApiResponse response, ResponseBody body, int recordCount) => null;
}
