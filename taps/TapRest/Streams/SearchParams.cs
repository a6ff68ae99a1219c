namespace TapRest.Streams;

/// <summary>
/// The incremental filter sent to the API: source_search_field = source_search_query with <c>$last_run_date</c>
/// (or <c>${last_run_date}</c>) replaced by the bookmark, as theirs does, when there is a bookmark or start date.
/// </summary>
internal static class SearchParams
{
    public static IReadOnlyDictionary<string, string> For(StreamSettings stream, string? lastRunDate)
    {
        var search = new Dictionary<string, string>(StringComparer.Ordinal);
        if (stream.ReplicationKey is not null && stream.SourceSearchField is { Length: > 0 } field
            && stream.SourceSearchQuery is { Length: > 0 } query && lastRunDate is not null)
        {
            search[field] = query.Replace("${last_run_date}", lastRunDate, StringComparison.Ordinal)
                .Replace("$last_run_date", lastRunDate, StringComparison.Ordinal);
        }
        return search;
    }
}
