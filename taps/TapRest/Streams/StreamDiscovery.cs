using Singer.Sdk;
using TapRest.Inference;

namespace TapRest.Streams;

/// <summary>
/// A stream's catalog entry: the schema given in the config (a file path or an inline object), else inferred from the
/// first num_inference_records records across as many pages as that takes. Metadata as the Meltano SDK writes it:
/// selected by default, keys and the replication key automatic.
/// </summary>
internal sealed class StreamDiscovery(PageReader pages, IReadOnlyList<StreamSettings> streams, Func<StreamSettings, RecordFlattener> flattenerOf)
{
    public async Task<CatalogEntry> DiscoverAsync(StreamSettings stream, CancellationToken cancellationToken)
    {
        var schema = stream.Schema switch
        {
            null => await InferAsync(stream, cancellationToken),
            string path => await SingerJson.ReadObjectFileAsync(path, $"schema of stream '{stream.Name}'", cancellationToken),
            Dictionary<string, object?> inline => inline,
            _ => throw new ConfigurationException($"stream '{stream.Name}': schema must be a file path or an object"),
        };
        var entry = new CatalogEntry(stream.Name, stream.Name, schema);
        entry.Metadata.Set(Breadcrumb.Stream, "inclusion", "available");
        entry.Metadata.Set(Breadcrumb.Stream, "selected-by-default", true);
        entry.Metadata.Set(Breadcrumb.Stream, "table-key-properties", stream.PrimaryKeys.Cast<object?>().ToList());
        if (stream.ReplicationKey is { } key)
        {
            entry.Metadata.Set(Breadcrumb.Stream, "forced-replication-method", "INCREMENTAL");
            entry.Metadata.Set(Breadcrumb.Stream, "valid-replication-keys", new List<object?> { key });
        }
        foreach (var name in (schema.GetValueOrDefault("properties") as Dictionary<string, object?>)?.Keys ?? Enumerable.Empty<string>())
        {
            var automatic = stream.PrimaryKeys.Contains(name) || name == stream.ReplicationKey;
            entry.Metadata.Set(Breadcrumb.Property(name), "inclusion", automatic ? "automatic" : "available");
            entry.Metadata.Set(Breadcrumb.Property(name), "selected-by-default", true);
        }
        return entry;
    }

    private async Task<Dictionary<string, object?>> InferAsync(StreamSettings stream, CancellationToken cancellationToken)
    {
        var inferrer = new SchemaInferrer();
        var seen = 0;
        await foreach (var record in RecordsAsync(stream, null, cancellationToken))
        {
            inferrer.Observe(record);
            if (++seen >= stream.NumInferenceRecords)
            {
                break;
            }
        }
        return inferrer.ToSchema();
    }

    /// <summary>A stream's shaped records; a child's for each record of its parent, read as far as they are wanted.</summary>
    private async IAsyncEnumerable<Dictionary<string, object?>> RecordsAsync(
        StreamSettings stream, Dictionary<string, object?>? context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (stream.ParentStream is { } parentName && context is null)
        {
            var parent = streams.First(s => s.Name == parentName);
            await foreach (var parentRecord in RecordsAsync(parent, null, cancellationToken))
            {
                await foreach (var record in RecordsAsync(stream, PathTemplate.Context(stream, parentRecord), cancellationToken))
                {
                    yield return record;
                }
            }
            yield break;
        }
        var start = stream.ReplicationKey is not null ? new Bookmark(stream.Name, stream.ReplicationKey, new SingerState(), stream.StartDate).LastRunDate : null;
        var settings = context is null ? stream : stream with { Path = PathTemplate.Fill(stream.Path, context) };
        var flattener = flattenerOf(stream);
        await foreach (var page in pages.ReadAsync(settings, SearchParams.For(stream, start), cancellationToken))
        {
            foreach (var record in page)
            {
                yield return flattener.Shape(record);
            }
        }
    }
}
