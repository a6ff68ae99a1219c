using Singer.Sdk;
using Warehouse;

namespace TargetPostgres;

/// <summary>target-postgres's config keys (the pipelinewise target-postgres names).</summary>
internal static class PostgresSettings
{
    public const string SanitizeNul = "sanitize_null_text_characters";

    public static AboutInfo About { get; } = new(
        "target-postgres",
        "Singer target for PostgreSQL: one table per stream, binary COPY into a staging table, then upsert by key.",
        ["about", "validate-records", "activate-version", "hard-delete", "target-schema", "batch"],
        [
            new("host", "string", "Server host.", Required: true),
            new("port", "integer", "Server port.", Default: 5432L),
            new("user", "string", "User name.", Required: true),
            new("password", "string", "Password.", Secret: true),
            new("dbname", "string", "Database.", Required: true),
            new("ssl", "boolean", "Require TLS.", Default: false),
            new(SanitizeNul, "boolean", "Remove NUL characters (U+0000), which PostgreSQL cannot store, from text and JSON values (counted and logged per column) instead of stopping the run at the record.", Default: false),
            .. PostgresEndpoint.Settings,
            .. WarehouseOptions.Settings("public"),
        ]);
}
