using Singer.Sdk;

namespace Warehouse;

/// <summary>The config keys every warehouse target shares (named as in the pipelinewise targets).</summary>
public sealed record WarehouseOptions(
    string DefaultTargetSchema,
    IReadOnlyDictionary<string, string> SchemaMapping,
    bool AddMetadataColumns,
    bool HardDelete,
    bool PrimaryKeyRequired)
{
    /// <summary>
    /// The options of <paramref name="config"/>; schema names the database would not store as given are refused (exit 2),
    /// by PostgreSQL's rules unless <paramref name="identifiers"/> says otherwise.
    /// </summary>
    public static WarehouseOptions From(PluginConfig config, string defaultSchema, IdentifierRules? identifiers = null)
    {
        identifiers ??= IdentifierRules.PostgreSql;
        var mapping = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (source, value) in config.GetObject("schema_mapping") ?? [])
        {
            if (value is Dictionary<string, object?> target && target.GetValueOrDefault("target_schema") is string schema)
            {
                identifiers.CheckConfigured("schema_mapping", schema);
                mapping[source] = schema;
            }
            else
            {
                throw new ConfigurationException($"config key 'schema_mapping': entry '{source}' needs a \"target_schema\" string");
            }
        }
        var defaultTarget = config.GetString("default_target_schema") is { Length: > 0 } s ? s : defaultSchema;
        identifiers.CheckConfigured("default_target_schema", defaultTarget);
        return new WarehouseOptions(
            defaultTarget,
            mapping,
            config.GetBool("add_metadata_columns", false),
            config.GetBool("hard_delete", false),
            config.GetBool("primary_key_required", true));
    }

    /// <summary>The warehouse schema a stream loads into: schema_mapping of its source schema, else default_target_schema.</summary>
    public string TargetSchemaFor(string stream)
    {
        var (source, _) = Naming.Stream(stream);
        return source is not null && SchemaMapping.TryGetValue(source, out var mapped) ? mapped : DefaultTargetSchema;
    }

    public static IReadOnlyList<SettingDefinition> Settings(string defaultSchema) =>
    [
        new("default_target_schema", "string", "Schema every stream loads into unless schema_mapping says otherwise; a name the database would cut short (PostgreSQL: over 63 bytes) is refused.", Default: defaultSchema),
        new("schema_mapping", "object", "Per source schema (the 'schema' of a 'schema-table' stream name): {\"source\": {\"target_schema\": \"name\"}}."),
        new("add_metadata_columns", "boolean", "Add _sdc_extracted_at, _sdc_batched_at, _sdc_deleted_at to every table (a property becoming one of the first two is then refused).", Default: false),
        new("hard_delete", "boolean", "Delete rows whose _sdc_deleted_at is set (implies add_metadata_columns).", Default: false),
        new("primary_key_required", "boolean", "Refuse streams without key_properties (else they load append-only).", Default: true),
        new("flush_all_streams", "boolean", "Accepted for pipelinewise configs; every stream is always loaded when one batch is full, so a STATE can pass on.", Default: true),
        .. Target.CommonSettings,
    ];
}
