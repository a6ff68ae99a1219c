using Singer.Sdk;

namespace Warehouse;

/// <summary>
/// The table a stream's SCHEMA asks for: one column per property (names normalised, collisions
/// reported), the _sdc_ metadata columns, and the key columns.
/// </summary>
public sealed class TableShape
{
    private TableShape(IReadOnlyList<WarehouseColumn> columns, IReadOnlyList<string> keys)
    {
        Columns = columns;
        Keys = keys;
    }

    public IReadOnlyList<WarehouseColumn> Columns { get; }

    /// <summary>Identifiers of the key columns, in key order; empty for append-only tables.</summary>
    public IReadOnlyList<string> Keys { get; }

    public bool HasColumn(string name) => Columns.Any(c => c.Name == name);

    /// <summary>The same table with the column types the database really has (after evolution).</summary>
    public TableShape WithColumns(IReadOnlyList<WarehouseColumn> columns) => new(columns, Keys);

    public static TableShape From(SchemaMessage schema, WarehouseOptions options)
    {
        var properties = schema.ParsedSchema.Properties ?? new Dictionary<string, JsonSchema>();
        var columns = new List<WarehouseColumn>();
        var byName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (property, propertySchema) in properties)
        {
            var name = Naming.Identifier(property);
            if (byName.TryGetValue(name, out var other))
            {
                throw new SingerException($"stream '{schema.Stream}': properties '{other}' and '{property}' both become column '{name}'; rename one at the source or with a stream map");
            }
            byName[name] = property;
            if (FilledByTarget(name, options) is { } why)
            {
                throw new SingerException(
                    $"stream '{schema.Stream}': property '{property}' becomes column '{name}', which the target fills itself ({why}); rename it at the source or with a stream map");
            }
            var metadata = name == "_sdc_deleted_at" ? MetadataColumn.DeletedAt : MetadataColumn.None;
            columns.Add(new WarehouseColumn(name, property, SqlTypeMap.Map(propertySchema), metadata));
        }
        AddMetadataColumns(columns, options);
        var keys = schema.KeyProperties.Select(Naming.Identifier).ToList();
        if (keys.Count == 0 && options.PrimaryKeyRequired)
        {
            throw new SingerException($"stream '{schema.Stream}' has no key_properties, and primary_key_required is true (set it to false to load append-only)");
        }
        return new TableShape(columns, keys);
    }

    /// <summary>
    /// Why the target fills a column itself, or null when a property may have it. A property there would be
    /// overwritten, or (_sdc_table_version) let the source's values decide what ACTIVATE_VERSION deletes.
    /// _sdc_deleted_at is the exception: taps send it to mark deleted rows, and it means the same here.
    /// </summary>
    private static string? FilledByTarget(string column, WarehouseOptions options) => column switch
    {
        "_sdc_table_version" => "the record's version, which ACTIVATE_VERSION compares",
        "_sdc_extracted_at" or "_sdc_batched_at" when options.AddMetadataColumns || options.HardDelete => "with add_metadata_columns on",
        _ => null,
    };

    private static void AddMetadataColumns(List<WarehouseColumn> columns, WarehouseOptions options)
    {
        void Add(string name, SqlType type, MetadataColumn kind)
        {
            if (!columns.Any(c => c.Name == name))
            {
                columns.Add(new WarehouseColumn(name, null, type, kind));
            }
        }
        if (options.AddMetadataColumns || options.HardDelete)
        {
            Add("_sdc_extracted_at", SqlType.Timestamp, MetadataColumn.ExtractedAt);
            Add("_sdc_batched_at", SqlType.Timestamp, MetadataColumn.BatchedAt);
            Add("_sdc_deleted_at", SqlType.Timestamp, MetadataColumn.DeletedAt);
        }
        // Always kept: ACTIVATE_VERSION needs to know which rows the latest full copy sent.
        Add("_sdc_table_version", SqlType.BigInt, MetadataColumn.TableVersion);
    }
}
