using Newtonsoft.Json.Linq;
using TapRest.Http;

namespace TapRest.Pagination;

/// <summary>default / jsonpath_paginator: the body holds the next token at a JSONPath; it goes back as a parameter.</summary>
internal sealed class JsonPathPaginator(string tokenPath, string parameter) : IPaginator
{
    public IReadOnlyDictionary<string, string> FirstParams { get; } = new Dictionary<string, string>();

    public NextPage? Next(ApiResponse response, JToken body, int recordCount) =>
        JsonPaths.FirstText(body, tokenPath) is { Length: > 0 } token ? NextPage.WithParam(parameter, token) : null;
}
