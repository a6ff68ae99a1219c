using Singer.Sdk;
using Warehouse;

namespace TargetDuckDb;

/// <summary>target-duckdb's config keys.</summary>
internal static class DuckDbSettings
{
    public const string DefaultPath = "warehouse.duckdb";

    public static AboutInfo About { get; } = new(
        "target-duckdb",
        "Singer target for DuckDB, the embedded default warehouse: one file, no server; upsert by key through a staging table.",
        ["about", "validate-records", "activate-version", "hard-delete", "target-schema", "batch"],
        [
            new("path", "string", "The DuckDB database file (created if missing).", Default: DefaultPath),
            .. WarehouseOptions.Settings("main"),
        ]);
}
