using Singer.Sdk;
using Warehouse;

namespace TargetPostgres;

internal sealed class PostgresTarget(PluginConfig config) : WarehouseTarget(config, "public", IdentifierRules.PostgreSql)
{
    // Checked before the first line is read: a bad port or timeout exits 2 without connecting.
    private readonly PostgresEndpoint _endpoint = Endpoint(config);
    private readonly bool _sanitizeNul = config.GetBool(PostgresSettings.SanitizeNul, false);

    protected override async Task<SqlDialect> OpenAsync(CancellationToken cancellationToken) =>
        await PostgresDialect.OpenAsync(_endpoint, cancellationToken, _sanitizeNul);

    public static PostgresEndpoint Endpoint(PluginConfig config) =>
        PostgresEndpoint.From(config, "PostgreSQL", 5432, config.GetBool("ssl", false), builder =>
        {
            // Every session in UTC: casts such as DATE → TIMESTAMPTZ (a widened column) read midnight in the session's zone.
            builder.Timezone = "UTC";
        });
}
