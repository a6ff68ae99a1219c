namespace TapRest.Streams;

/// <summary>
/// The parameters theirs adds for a stream with a replication_key, decided as theirs does by
/// pagination_response_style, so a config of theirs sends the same requests:
/// <list type="bullet">
/// <item>default/page, offset/style1 (and any other name): source_search_field = source_search_query with
/// <c>$last_run_date</c> (or <c>${last_run_date}</c>) replaced by the bookmark when both are set and there is a bookmark
/// or start date; otherwise <c>sort=asc&amp;order_by=&lt;replication_key&gt;</c>, asking the API for ascending keys;</item>
/// <item>hateoas_body: the filter as above, or without a query <c>field=gt&lt;bookmark&gt;</c>; never a sort;</item>
/// <item>header_link (GitHub's conventions): <c>sort</c>/<c>direction</c> by the key's name, and the filter as above
/// (theirs sends GitHub's <c>since</c> instead; ours keeps the configured filter).</item>
/// </list>
/// </summary>
internal static class SearchParams
{
    public static IReadOnlyDictionary<string, string> For(StreamSettings stream, string? lastRunDate)
    {
        var search = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stream.ReplicationKey is not { } key)
        {
            return search;
        }
        var field = stream.SourceSearchField is { Length: > 0 } f ? f : null;
        var filled = field is not null && stream.SourceSearchQuery is { Length: > 0 } query && lastRunDate is not null
            ? query.Replace("${last_run_date}", lastRunDate, StringComparison.Ordinal).Replace("$last_run_date", lastRunDate, StringComparison.Ordinal)
            : null;
        if (filled is not null)
        {
            search[field!] = filled;
        }
        switch (stream.ResponseStyle)
        {
            case "hateoas_body":
                if (filled is null && field is not null && lastRunDate is not null)
                {
                    search[field] = "gt" + lastRunDate;
                }
                break;
            case "header_link":
                AddGitHubSort(search, key);
                break;
            default:
                if (filled is null)
                {
                    search["sort"] = "asc";
                    search["order_by"] = key;
                }
                break;
        }
        return search;
    }

    private static void AddGitHubSort(Dictionary<string, string> search, string key)
    {
        switch (key)
        {
            case "updated_at":
                search["sort"] = "updated";
                search["direction"] = "asc";
                break;
            case "starred_at" or "created_at":
                search["sort"] = "created";
                search["direction"] = "desc";
                break;
            case "commit_timestamp":
                search["direction"] = "desc";
                break;
        }
    }
}
