using TapRest.Http;
using TapRest.Streams;

namespace TapRest.Pagination;

/// <summary>default / jsonpath_paginator: the body holds the next token at a JSONPath; it goes back as a parameter.</summary>
internal sealed class JsonPathPaginator(string tokenPath, string parameter) : IPaginator
{
    public IReadOnlyDictionary<string, string> FirstParams { get; } = new Dictionary<string, string>();

    public NextPage? Next(ApiResponse response, ResponseBody body, int recordCount) =>
        body.FirstText(tokenPath) is { Length: > 0 } token ? NextPage.WithParam(parameter, token) : null;
}
