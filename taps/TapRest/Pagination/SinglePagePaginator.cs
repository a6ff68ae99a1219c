using Newtonsoft.Json.Linq;
using TapRest.Http;

namespace TapRest.Pagination;

/// <summary>single_page_paginator: one request per stream.</summary>
internal sealed class SinglePagePaginator : IPaginator
{
    public IReadOnlyDictionary<string, string> FirstParams { get; } = new Dictionary<string, string>();

    public NextPage? Next(ApiResponse response, JToken body, int recordCount) => null;
}
