using Singer.Sdk;
using TapMysql.Types;

namespace TapMysql.Discovery;

/// <summary>
/// Turns tables into catalog entries shaped like the Python tap-mysql's (tap_stream_id "db-table",
/// the same metadata keys), plus inclusion and valid-replication-keys in metadata.
/// </summary>
internal static class CatalogBuilder
{
    /// <param name="jsonAsString">Declare JSON columns as strings (the config's <c>json_as_string</c>).</param>
    public static Catalog Build(IEnumerable<TableInfo> tables, bool jsonAsString = false)
    {
        var catalog = new Catalog();
        foreach (var table in tables)
        {
            catalog.Streams.Add(Entry(table, jsonAsString));
        }
        return catalog;
    }

    public static CatalogEntry Entry(TableInfo table, bool jsonAsString = false)
    {
        var properties = new Dictionary<string, object?>(StringComparer.Ordinal);
        var metadata = new MetadataMap();
        var keys = table.PrimaryKey;
        metadata.Set(Breadcrumb.Stream, "selected-by-default", false);
        metadata.Set(Breadcrumb.Stream, "database-name", table.Database);
        metadata.Set(Breadcrumb.Stream, "row-count", table.RowCount);
        metadata.Set(Breadcrumb.Stream, "is-view", table.IsView);
        if (!table.IsView)
        {
            metadata.Set(Breadcrumb.Stream, "table-key-properties", keys.Cast<object?>().ToList());
        }
        var replicationKeys = new List<object?>();
        foreach (var column in table.Columns)
        {
            var mapping = MysqlTypeMap.Map(column, jsonAsString);
            var inclusion = !mapping.IsSupported ? "unsupported" : column.IsPrimaryKey ? "automatic" : "available";
            var schema = new Dictionary<string, object?>(StringComparer.Ordinal) { ["inclusion"] = inclusion };
            foreach (var (key, value) in mapping.Schema)
            {
                schema[key] = value;
            }
            properties[column.Name] = schema;
            var crumb = Breadcrumb.Property(column.Name);
            metadata.Set(crumb, "selected-by-default", mapping.IsSupported);
            metadata.Set(crumb, "sql-datatype", column.ColumnType);
            metadata.Set(crumb, "inclusion", inclusion);
            if (mapping.IsOrderable)
            {
                replicationKeys.Add(column.Name);
            }
        }
        metadata.Set(Breadcrumb.Stream, "valid-replication-keys", replicationKeys);
        var entrySchema = new Dictionary<string, object?> { ["properties"] = properties, ["type"] = "object" };
        return new CatalogEntry(table.TapStreamId, table.Name, entrySchema) { TableName = table.Name, Metadata = metadata };
    }
}
