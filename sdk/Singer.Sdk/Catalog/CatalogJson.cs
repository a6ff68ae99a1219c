namespace Singer.Sdk;

/// <summary>Reads and writes catalog JSON with singer-python's key names and order.</summary>
internal static class CatalogJson
{
    private static readonly HashSet<string> KnownFields =
    [
        "tap_stream_id", "stream", "table_name", "database_name", "schema", "metadata", "key_properties",
        "is_view", "row_count", "stream_alias", "replication_key", "replication_method",
    ];

    public static Catalog Parse(Dictionary<string, object?> json)
    {
        if (json.GetValueOrDefault("streams") is not List<object?> streams)
        {
            throw new ConfigurationException("catalog must be an object with a 'streams' list");
        }
        var catalog = new Catalog();
        foreach (var item in streams)
        {
            if (item is not Dictionary<string, object?> entry)
            {
                throw new ConfigurationException("every catalog stream must be an object");
            }
            catalog.Streams.Add(ParseEntry(entry));
        }
        return catalog;
    }

    private static CatalogEntry ParseEntry(Dictionary<string, object?> json)
    {
        var id = json.GetValueOrDefault("tap_stream_id") as string
            ?? throw new ConfigurationException("a catalog stream has no 'tap_stream_id'");
        var schema = json.GetValueOrDefault("schema") as Dictionary<string, object?>
            ?? throw new ConfigurationException($"catalog stream '{id}' has no 'schema' object");
        var entry = new CatalogEntry(id, json.GetValueOrDefault("stream") as string ?? id, schema)
        {
            TableName = json.GetValueOrDefault("table_name") as string,
            DatabaseName = json.GetValueOrDefault("database_name") as string,
            Metadata = MetadataMap.Parse(json.GetValueOrDefault("metadata"), id),
            LegacyKeyProperties = CatalogEntry.StringList(json.GetValueOrDefault("key_properties")),
            IsView = json.GetValueOrDefault("is_view") as bool?,
            RowCount = json.GetValueOrDefault("row_count") as long?,
            StreamAlias = json.GetValueOrDefault("stream_alias") as string,
            LegacyReplicationKey = json.GetValueOrDefault("replication_key") as string,
            LegacyReplicationMethod = json.GetValueOrDefault("replication_method") as string,
        };
        foreach (var (name, value) in json)
        {
            if (!KnownFields.Contains(name))
            {
                entry.AdditionalFields[name] = value;
            }
        }
        return entry;
    }

    public static Dictionary<string, object?> ToJson(Catalog catalog) => new()
    {
        ["streams"] = catalog.Streams.Select(e => (object?)ToJson(e)).ToList(),
    };

    private static Dictionary<string, object?> ToJson(CatalogEntry entry)
    {
        var json = new Dictionary<string, object?>(StringComparer.Ordinal) { ["tap_stream_id"] = entry.TapStreamId };
        AddIfSet(json, "database_name", entry.DatabaseName);
        AddIfSet(json, "table_name", entry.TableName);
        AddIfSet(json, "replication_key", entry.LegacyReplicationKey);
        AddIfSet(json, "replication_method", entry.LegacyReplicationMethod);
        AddIfSet(json, "key_properties", entry.LegacyKeyProperties?.Cast<object?>().ToList());
        json["schema"] = entry.Schema;
        AddIfSet(json, "is_view", entry.IsView);
        json["stream"] = entry.Stream;
        AddIfSet(json, "row_count", entry.RowCount);
        AddIfSet(json, "stream_alias", entry.StreamAlias);
        json["metadata"] = entry.Metadata.ToJson();
        foreach (var (name, value) in entry.AdditionalFields)
        {
            json[name] = value;
        }
        return json;
    }

    private static void AddIfSet(Dictionary<string, object?> json, string name, object? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }
}
