using Singer.Sdk;
using TapRest.Streams;

namespace TapRest.Pagination;

/// <summary>
/// pagination_request_style name → paginator: theirs (tap-rest-api-msdk) names, one table, so a config carries over.
/// A new paginator is made per stream run, since each keeps its position.
/// </summary>
internal static class PaginatorFactory
{
    private const int DefaultPageSize = 25;

    private static readonly Dictionary<string, Func<PluginConfig, StreamSettings, IPaginator>> Styles = new(StringComparer.Ordinal)
    {
        ["default"] = (config, _) => JsonPath(config),
        ["jsonpath_paginator"] = (config, _) => JsonPath(config),
        ["simple_header_paginator"] = (config, _) => config.GetString("next_page_token_path") is { Length: > 0 }
            ? JsonPath(config)
            : new SimpleHeaderPaginator("X-Next-Page", NextParameter(config, "page")),
        ["header_link_paginator"] = (_, _) => new HeaderLinkPaginator(new Dictionary<string, string>(), null, null),
        ["restapi_header_link_paginator"] = HeaderLinks,
        ["offset_paginator"] = Offset,
        ["style1"] = Offset,
        ["page_number_paginator"] = (config, _) =>
            new PageNumberPaginator(NextParameter(config, "page"), config.GetLong("pagination_initial_offset") ?? 1, TokenPath(config) ?? "hasMore"),
        ["simple_offset_paginator"] = (config, stream) => new SimpleOffsetPaginator(
            NextParameter(config, "offset"), LimitParameter(config, "limit"), PageSize(config, stream, "limit"),
            config.GetLong("pagination_initial_offset") ?? 1, config.GetString("offset_records_jsonpath")),
        ["hateoas_paginator"] = (config, _) => new HateoasPaginator(TokenPath(config) ?? RestSettings.DefaultNextPageTokenPath),
        ["single_page_paginator"] = (_, _) => new SinglePagePaginator(),
    };

    public static IPaginator Create(PluginConfig config, StreamSettings stream)
    {
        var style = config.GetString("pagination_request_style") is { Length: > 0 } name ? name : "default";
        return Styles.TryGetValue(style, out var create)
            ? create(config, stream)
            : throw new ConfigurationException($"config key 'pagination_request_style' must be one of {string.Join(", ", Styles.Keys)}, got '{style}'");
    }

    /// <summary>
    /// Fails at start-up on an unknown style rather than at the first stream, and on parallel_requests with a style
    /// whose next request comes out of the previous response (there is nothing to fetch ahead).
    /// </summary>
    public static void Check(PluginConfig config, StreamSettings stream, int parallelRequests)
    {
        var paginator = Create(config, stream);
        if (parallelRequests > 1 && paginator is not IPredictablePaginator)
        {
            var style = config.GetString("pagination_request_style") is { Length: > 0 } name ? name : "default";
            throw new ConfigurationException($"config key 'parallel_requests' works with page_number_paginator, offset_paginator, style1 and " +
                $"simple_offset_paginator only: pagination_request_style '{style}' takes each next page from the previous response");
        }
    }

    /// <summary>The token goes back as a parameter; with response style hateoas_body it is a URL and is followed.</summary>
    private static IPaginator JsonPath(PluginConfig config) =>
        config.GetString("pagination_response_style") == "hateoas_body"
            ? new HateoasPaginator(TokenPath(config) ?? RestSettings.DefaultNextPageTokenPath)
            : new JsonPathPaginator(TokenPath(config) ?? RestSettings.DefaultNextPageTokenPath, NextParameter(config, "page"));

    private static HeaderLinkPaginator HeaderLinks(PluginConfig config, StreamSettings stream)
    {
        var pageSize = config.GetLong("pagination_page_size") is { } size ? (int)size : (int?)null;
        var first = new Dictionary<string, string>(StringComparer.Ordinal);
        if (pageSize is { } perPage)
        {
            first[LimitParameter(config, "per_page")] = perPage.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return new HeaderLinkPaginator(first, pageSize ?? PageSize(config, stream, "per_page"), config.GetLong("pagination_results_limit"));
    }

    private static OffsetPaginator Offset(PluginConfig config, StreamSettings stream) => new(
        NextParameter(config, "offset"), LimitParameter(config, "limit"), PageSize(config, stream, "limit"),
        config.GetLong("pagination_initial_offset") ?? 1, TokenPath(config), config.GetString("pagination_total_limit_param") ?? "total");

    private static string? TokenPath(PluginConfig config) => config.GetString("next_page_token_path") is { Length: > 0 } path ? path : null;

    private static string NextParameter(PluginConfig config, string fallback) =>
        config.GetString("pagination_next_page_param") is { Length: > 0 } name ? name : fallback;

    private static string LimitParameter(PluginConfig config, string fallback) =>
        config.GetString("pagination_limit_per_page_param") is { Length: > 0 } name ? name : fallback;

    /// <summary>pagination_page_size, else the limit already in the stream's params, else 25 (theirs).</summary>
    private static int PageSize(PluginConfig config, StreamSettings stream, string fallbackParameter)
    {
        var size = config.GetLong("pagination_page_size")
            ?? (stream.Params.TryGetValue(LimitParameter(config, fallbackParameter), out var text) && int.TryParse(text, out var fromParams) ? fromParams : DefaultPageSize);
        return size is >= 1 and <= int.MaxValue
            ? (int)size
            : throw new ConfigurationException($"config key 'pagination_page_size' must be at least 1, got {size}");
    }
}
