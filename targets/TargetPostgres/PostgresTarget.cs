using Npgsql;
using Singer.Sdk;
using Warehouse;

namespace TargetPostgres;

internal sealed class PostgresTarget(PluginConfig config) : WarehouseTarget(config, "public", IdentifierRules.PostgreSql)
{
    protected override async Task<SqlDialect> OpenAsync(CancellationToken cancellationToken) =>
        await PostgresDialect.OpenAsync(ConnectionString(Config), cancellationToken);

    public static string ConnectionString(PluginConfig config) => new NpgsqlConnectionStringBuilder
    {
        Host = config.GetRequiredString("host"),
        Port = config.GetInt("port", 5432),
        Username = config.GetRequiredString("user"),
        Password = config.GetString("password"),
        Database = config.GetRequiredString("dbname"),
        SslMode = config.GetBool("ssl", false) ? SslMode.Require : SslMode.Prefer,
        // Every session in UTC: casts such as DATE → TIMESTAMPTZ (a widened column) read midnight in the session's zone.
        Timezone = "UTC",
        Pooling = false,
        CommandTimeout = 0,
    }.ConnectionString;
}
