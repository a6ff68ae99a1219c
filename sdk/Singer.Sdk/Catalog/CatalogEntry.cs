namespace Singer.Sdk;

/// <summary>
/// One stream of a catalog. Known fields are typed; unknown ones are kept and written back unchanged,
/// so a catalog edited by another tool survives a round trip.
/// </summary>
public sealed class CatalogEntry
{
    public CatalogEntry(string tapStreamId, string stream, Dictionary<string, object?> schema)
    {
        TapStreamId = tapStreamId;
        Stream = stream;
        Schema = schema;
    }

    public string TapStreamId { get; set; }

    public string Stream { get; set; }

    public string? TableName { get; set; }

    public string? DatabaseName { get; set; }

    public Dictionary<string, object?> Schema { get; set; }

    public MetadataMap Metadata { get; set; } = new();

    /// <summary>The legacy top-level key_properties; prefer <see cref="KeyProperties"/>, which reads metadata first.</summary>
    public IReadOnlyList<string>? LegacyKeyProperties { get; set; }

    public bool? IsView { get; set; }

    public long? RowCount { get; set; }

    public string? StreamAlias { get; set; }

    public string? LegacyReplicationKey { get; set; }

    public string? LegacyReplicationMethod { get; set; }

    public Dictionary<string, object?> AdditionalFields { get; } = new(StringComparer.Ordinal);

    /// <summary>Key columns: metadata table-key-properties (or view-key-properties for views), else key_properties.</summary>
    public IReadOnlyList<string> KeyProperties =>
        StringList(Metadata.GetStream("table-key-properties"))
        ?? StringList(Metadata.GetStream("view-key-properties"))
        ?? LegacyKeyProperties
        ?? [];

    public string? ReplicationMethod => Metadata.GetStream("replication-method") as string ?? LegacyReplicationMethod;

    public string? ReplicationKey => Metadata.GetStream("replication-key") as string ?? LegacyReplicationKey;

    /// <summary>
    /// Selected as singer-python decides it: metadata <c>selected</c> at the stream breadcrumb, or the legacy
    /// <c>selected</c> in the schema. <c>selected-by-default</c> does not select a stream.
    /// </summary>
    public bool IsSelected => Metadata.GetStream("selected") is true || Schema.GetValueOrDefault("selected") is true;

    /// <summary>
    /// Whether a property is synced: unselected parents deselect children; inclusion automatic always,
    /// unsupported never; then an explicit <c>selected</c>; then <c>selected-by-default</c>; else yes
    /// (singer-python's should_sync_field with tap-mysql's default of true).
    /// </summary>
    public bool IsPropertySelected(Breadcrumb breadcrumb)
    {
        if (breadcrumb.IsStream)
        {
            return IsSelected;
        }
        var parent = breadcrumb.Parent;
        if (!parent.IsStream && !IsPropertySelected(parent))
        {
            return false;
        }
        var inclusion = Metadata.Get(breadcrumb, "inclusion") as string ?? SchemaAt(breadcrumb)?.GetValueOrDefault("inclusion") as string;
        if (inclusion == "automatic")
        {
            return true;
        }
        if (inclusion == "unsupported")
        {
            return false;
        }
        if (Metadata.Get(breadcrumb, "selected") is bool selected)
        {
            return selected;
        }
        return Metadata.Get(breadcrumb, "selected-by-default") as bool? ?? true;
    }

    public bool IsPropertySelected(string column) => IsPropertySelected(Breadcrumb.Property(column));

    /// <summary>Top-level properties of the schema that are selected, in schema order.</summary>
    public IReadOnlyList<string> SelectedProperties =>
        Schema.GetValueOrDefault("properties") is Dictionary<string, object?> properties
            ? properties.Keys.Where(IsPropertySelected).ToList()
            : [];

    private Dictionary<string, object?>? SchemaAt(Breadcrumb breadcrumb)
    {
        var node = Schema;
        foreach (var part in breadcrumb.Parts)
        {
            if (node.GetValueOrDefault(part) is not Dictionary<string, object?> next)
            {
                return null;
            }
            node = next;
        }
        return node;
    }

    internal static List<string>? StringList(object? value) =>
        value is List<object?> items && items.TrueForAll(i => i is string) ? items.ConvertAll(i => (string)i!) : null;
}
