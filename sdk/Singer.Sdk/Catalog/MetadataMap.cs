namespace Singer.Sdk;

/// <summary>
/// A catalog entry's <c>metadata</c> list, keyed by breadcrumb, in the order it was read. Keys are the
/// Singer ones: selected, replication-method, replication-key, inclusion, selected-by-default,
/// table-key-properties, valid-replication-keys, is-view, database-name, row-count, sql-datatype, ...
/// </summary>
public sealed class MetadataMap
{
    private readonly Dictionary<Breadcrumb, Dictionary<string, object?>> _entries = [];
    private readonly List<Breadcrumb> _order = [];

    public IEnumerable<(Breadcrumb Breadcrumb, IReadOnlyDictionary<string, object?> Metadata)> Entries =>
        _order.Select(b => (b, (IReadOnlyDictionary<string, object?>)_entries[b]));

    public object? Get(Breadcrumb breadcrumb, string key) =>
        _entries.TryGetValue(breadcrumb, out var entry) ? entry.GetValueOrDefault(key) : null;

    public bool Has(Breadcrumb breadcrumb) => _entries.ContainsKey(breadcrumb);

    public object? GetStream(string key) => Get(Breadcrumb.Stream, key);

    public object? GetProperty(string column, string key) => Get(Breadcrumb.Property(column), key);

    public void Set(Breadcrumb breadcrumb, string key, object? value)
    {
        if (!_entries.TryGetValue(breadcrumb, out var entry))
        {
            entry = new Dictionary<string, object?>(StringComparer.Ordinal);
            _entries[breadcrumb] = entry;
            _order.Add(breadcrumb);
        }
        entry[key] = value;
    }

    public static MetadataMap Parse(object? json, string streamId)
    {
        var map = new MetadataMap();
        if (json is null)
        {
            return map;
        }
        if (json is not List<object?> list)
        {
            throw new ConfigurationException($"catalog stream '{streamId}': 'metadata' must be a list");
        }
        foreach (var item in list)
        {
            if (item is not Dictionary<string, object?> entry
                || entry.GetValueOrDefault("breadcrumb") is not List<object?> crumbs
                || !crumbs.TrueForAll(c => c is string)
                || entry.GetValueOrDefault("metadata") is not Dictionary<string, object?> values)
            {
                throw new ConfigurationException(
                    $"catalog stream '{streamId}': every metadata entry needs a 'breadcrumb' list of strings and a 'metadata' object");
            }
            var breadcrumb = new Breadcrumb(crumbs.Cast<string>());
            foreach (var (key, value) in values)
            {
                map.Set(breadcrumb, key, value);
            }
        }
        return map;
    }

    public List<object?> ToJson() => _order
        .Select(b => (object?)new Dictionary<string, object?>
        {
            ["breadcrumb"] = b.Parts.Cast<object?>().ToList(),
            ["metadata"] = new Dictionary<string, object?>(_entries[b]),
        })
        .ToList();
}
