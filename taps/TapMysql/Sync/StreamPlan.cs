using Singer.Sdk;
using TapMysql.Discovery;
using TapMysql.Types;

namespace TapMysql.Sync;

/// <summary>
/// What to copy for one selected catalog stream: the columns (selected ones that still exist and are
/// supported, plus keys and the replication key), keys, method and the SCHEMA to announce.
/// </summary>
internal sealed class StreamPlan
{
    public const string LogBased = "LOG_BASED";

    /// <summary>The property a LOG_BASED record carries: when the row was deleted (null for inserts and updates), as the Python tap names it.</summary>
    public const string DeletedAt = "_sdc_deleted_at";

    private StreamPlan(CatalogEntry entry, TableInfo table, List<SyncColumn> columns, List<SyncColumn> keys, string method, SyncColumn? replicationKey)
    {
        Entry = entry;
        Table = table;
        Columns = columns;
        Keys = keys;
        Method = method;
        ReplicationKey = replicationKey;
    }

    public CatalogEntry Entry { get; }

    public TableInfo Table { get; }

    public string TapStreamId => Entry.TapStreamId;

    /// <summary>The name the stream's messages carry: its stream_alias, else the catalog's stream.</summary>
    public string Stream => OutputStreams.NameOf(Entry);

    public IReadOnlyList<SyncColumn> Columns { get; }

    public IReadOnlyList<SyncColumn> Keys { get; }

    public string Method { get; }

    public bool IsLogBased => Method == LogBased;

    public SyncColumn? ReplicationKey { get; }

    public string QualifiedTable => Sql.Table(Table.Database, Table.Name);

    public string SelectList => string.Join(", ", Columns.Select(c => c.SelectExpression));

    public SchemaMessage SchemaMessage()
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var column in Columns)
        {
            var schema = new Dictionary<string, object?>(column.Mapping.Schema, StringComparer.Ordinal)
            {
                ["inclusion"] = column.Info.IsPrimaryKey || Keys.Contains(column) ? "automatic" : "available",
            };
            properties[column.Name] = schema;
        }
        if (IsLogBased)
        {
            properties[DeletedAt] = new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["inclusion"] = "available",
                ["format"] = "date-time",
                ["type"] = new List<object?> { "null", "string" },
            };
        }
        var bookmarks = ReplicationKey is null ? null : new List<string> { ReplicationKey.Name };
        return new SchemaMessage(Stream, new Dictionary<string, object?> { ["properties"] = properties, ["type"] = "object" },
            Keys.Select(k => k.Name).ToList(), bookmarks);
    }

    /// <summary>Builds the plan, or returns null (with a warning) when the table is gone or nothing is selected.</summary>
    public static StreamPlan? Create(CatalogEntry entry, TableInfo? table)
    {
        if (table is null)
        {
            Log.Warning($"stream '{entry.TapStreamId}' was selected but its table does not exist; skipping it");
            return null;
        }
        var declared = entry.Schema.GetValueOrDefault("properties") as Dictionary<string, object?>;
        var mappings = table.Columns.ToDictionary(c => c.Name,
            c => new SyncColumn(c, MysqlTypeMap.Map(c, jsonAsString: MysqlTypeMap.DeclaresTextOnly(declared?.GetValueOrDefault(c.Name)))),
            StringComparer.Ordinal);
        var keyNames = entry.KeyProperties.Count > 0 ? entry.KeyProperties : table.PrimaryKey;
        var method = entry.ReplicationMethod?.ToUpperInvariant() ?? "FULL_TABLE";
        var replicationKeyName = method == "INCREMENTAL" ? entry.ReplicationKey : null;
        if (method == "INCREMENTAL" && replicationKeyName is null)
        {
            throw new ConfigurationException($"stream '{entry.TapStreamId}' is INCREMENTAL but has no replication-key in its metadata");
        }
        if (method is not ("FULL_TABLE" or "INCREMENTAL" or LogBased))
        {
            throw new ConfigurationException($"stream '{entry.TapStreamId}': replication method '{method}' is not supported (FULL_TABLE, INCREMENTAL, LOG_BASED)");
        }
        if (method == LogBased && table.IsView)
        {
            throw new ConfigurationException($"stream '{entry.TapStreamId}' is a view, which has no rows in the binary log: LOG_BASED needs a table (use FULL_TABLE or INCREMENTAL)");
        }
        if (method == LogBased && table.Columns.Any(c => c.Name == DeletedAt))
        {
            throw new ConfigurationException($"stream '{entry.TapStreamId}' has a column named {DeletedAt}, the name LOG_BASED records use for the deletion time: rename the column or use another method");
        }

        var wanted = new List<string>(entry.SelectedProperties);
        var missing = wanted.Where(n => !mappings.ContainsKey(n)).ToList();
        if (missing.Count > 0)
        {
            Log.Warning($"stream '{entry.TapStreamId}': columns {string.Join(", ", missing)} were selected but do not exist; skipping them");
        }
        var unsupported = wanted.Where(n => mappings.TryGetValue(n, out var c) && !c.Mapping.IsSupported).ToList();
        if (unsupported.Count > 0)
        {
            Log.Warning($"stream '{entry.TapStreamId}': columns {string.Join(", ", unsupported)} were selected but are not supported; skipping them");
        }
        var required = keyNames.Concat(replicationKeyName is null ? [] : [replicationKeyName]).ToList();
        foreach (var name in required.Where(n => !mappings.ContainsKey(n)))
        {
            throw new ConfigurationException($"stream '{entry.TapStreamId}': key or replication key column '{name}' does not exist");
        }
        var chosen = new HashSet<string>(wanted.Where(n => mappings.TryGetValue(n, out var c) && c.Mapping.IsSupported).Concat(required), StringComparer.Ordinal);
        var columns = table.Columns.Where(c => chosen.Contains(c.Name)).Select(c => mappings[c.Name]).ToList();
        if (columns.Count == 0)
        {
            Log.Warning($"stream '{entry.TapStreamId}': no columns selected; skipping it");
            return null;
        }
        var replicationKey = replicationKeyName is null ? null : mappings[replicationKeyName];
        if (replicationKey is not null && !replicationKey.Mapping.IsOrderable && replicationKey.Kind != ColumnKind.String)
        {
            throw new ConfigurationException(
                $"stream '{entry.TapStreamId}': column '{replicationKey.Name}' ({replicationKey.Info.ColumnType}) cannot be a replication key");
        }
        return new StreamPlan(entry, table, columns, keyNames.Select(n => mappings[n]).ToList(), method, replicationKey);
    }
}
