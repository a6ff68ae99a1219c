using Singer.Sdk;
using TapRest.Inference;

namespace TapRest.Streams;

/// <summary>
/// Syncs one stream: SCHEMA from the catalog, then page by page RECORDs (shaped, deselected properties dropped, a new
/// SCHEMA first whenever a record widens the schema) and, with a replication_key, a STATE with the bookmark at the end.
/// </summary>
internal sealed class StreamSync(PageReader pages, SingerWriter output)
{
    public async Task RunAsync(CatalogEntry entry, StreamSettings stream, RecordFlattener flattener, SingerState state, CancellationToken cancellationToken)
    {
        var deselected = SchemaProperties(entry.Schema).Where(name => !entry.IsPropertySelected(name)).ToHashSet(StringComparer.Ordinal);
        var inferrer = SchemaInferrer.FromSchema(WithoutProperties(entry.Schema, deselected));
        var keys = entry.KeyProperties.Count > 0 ? entry.KeyProperties : stream.PrimaryKeys;
        var bookmark = stream.ReplicationKey is { } key ? new Bookmark(stream.Name, key, state, stream.StartDate) : null;
        IReadOnlyList<string>? bookmarkProperties = stream.ReplicationKey is { } replicationKey ? [replicationKey] : null;
        SchemaMessage Schema() => new(stream.Name, inferrer.ToSchema(), keys, bookmarkProperties);

        await output.WriteAsync(Schema(), cancellationToken);
        using var counter = Metrics.RecordCounter(new Dictionary<string, string> { ["stream"] = stream.Name });
        await foreach (var page in pages.ReadAsync(stream, SearchParams.For(stream, bookmark?.LastRunDate), cancellationToken))
        {
            foreach (var raw in page)
            {
                var record = flattener.Shape(raw);
                foreach (var name in deselected)
                {
                    record.Remove(name);
                }
                if (inferrer.Observe(record))
                {
                    Log.Info($"stream '{stream.Name}': a record widened the schema; sending a new SCHEMA");
                    await output.WriteAsync(Schema(), cancellationToken);
                }
                inferrer.Coerce(record);
                await output.WriteAsync(new RecordMessage(stream.Name, record), cancellationToken);
                bookmark?.Observe(record);
                counter.Increment();
            }
        }
        // Only the end of a stream is a safe point: an API need not return records sorted by the replication key, so
        // the largest value after some pages could skip unread records with smaller values if a run resumed from it.
        if (bookmark is not null)
        {
            bookmark.WriteTo(state);
            await output.WriteAsync(new StateMessage(state.Snapshot().Value), cancellationToken);
        }
    }

    private static IEnumerable<string> SchemaProperties(Dictionary<string, object?> schema) =>
        (schema.GetValueOrDefault("properties") as Dictionary<string, object?>)?.Keys ?? Enumerable.Empty<string>();

    private static Dictionary<string, object?> WithoutProperties(Dictionary<string, object?> schema, HashSet<string> names)
    {
        var properties = schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
        return new Dictionary<string, object?>(schema)
        {
            ["properties"] = properties.Where(p => !names.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        };
    }
}
