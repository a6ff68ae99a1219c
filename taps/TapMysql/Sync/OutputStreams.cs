using Singer.Sdk;

namespace TapMysql.Sync;

/// <summary>
/// The stream name a catalog entry's messages carry: its <c>stream_alias</c> when it has one, else its
/// <c>stream</c> (the table name). Two selected entries must not share one, or a target would load two
/// tables into one and let the second copy's ACTIVATE_VERSION delete the first's rows.
/// </summary>
internal static class OutputStreams
{
    /// <summary>Where an alias may be set: the catalog entry (singer-python's field), or its <c>[]</c> metadata.</summary>
    public static string NameOf(CatalogEntry entry) =>
        NonEmpty(entry.Metadata.GetStream("stream_alias"))
        ?? NonEmpty(entry.Metadata.GetStream("stream-alias"))
        ?? NonEmpty(entry.StreamAlias)
        ?? entry.Stream;

    /// <summary>
    /// Refuses streams whose names collide, compared without case because most warehouses fold the case
    /// of table names.
    /// </summary>
    public static void EnsureDistinct(IEnumerable<CatalogEntry> selected)
    {
        foreach (var group in selected.GroupBy(NameOf, StringComparer.OrdinalIgnoreCase))
        {
            var entries = group.OrderBy(entry => entry.TapStreamId, StringComparer.Ordinal).Take(2).ToList();
            if (entries.Count > 1)
            {
                var (first, second) = (NameOf(entries[0]), NameOf(entries[1]));
                var written = first == second ? $"stream '{first}'" : $"streams '{first}' and '{second}' (one name without case)";
                throw new ConfigurationException(
                    $"catalog streams '{entries[0].TapStreamId}' and '{entries[1].TapStreamId}' would both be written as {written} " +
                    "and load into one table: give one of them a \"stream_alias\" in the catalog, or deselect one");
            }
        }
    }

    private static string? NonEmpty(object? value) => value is string { Length: > 0 } text ? text : null;
}
