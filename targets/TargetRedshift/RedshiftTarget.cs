using Npgsql;
using Singer.Sdk;
using Warehouse;

namespace TargetRedshift;

/// <summary>target-redshift: the shared warehouse target over <see cref="RedshiftDialect"/>.</summary>
internal sealed class RedshiftTarget : WarehouseTarget
{
    private readonly RedshiftOptions _options;
    private readonly ICopyExecutor _copy;

    public RedshiftTarget(PluginConfig config)
        : this(config, new RedshiftCopyExecutor())
    {
    }

    /// <summary>With another COPY step (tests load the staged files into PostgreSQL instead of Redshift).</summary>
    internal RedshiftTarget(PluginConfig config, ICopyExecutor copy)
        : base(config, "public", IdentifierRules.Redshift)
    {
        // Checked before the first line is read, so a bad setting exits 2 without touching S3 or the cluster.
        _options = RedshiftOptions.From(config);
        _copy = copy;
    }

    protected override async Task<SqlDialect> OpenAsync(CancellationToken cancellationToken) =>
        await RedshiftDialect.OpenAsync(ConnectionString(Config), _options, _copy, cancellationToken);

    public static string ConnectionString(PluginConfig config) => new NpgsqlConnectionStringBuilder
    {
        Host = config.GetRequiredString("host"),
        Port = config.GetInt("port", 5439),
        Username = config.GetRequiredString("user"),
        Password = config.GetString("password"),
        Database = config.GetRequiredString("dbname"),
        SslMode = SslMode.Prefer,
        Pooling = false,
        CommandTimeout = 0,
    }.ConnectionString;
}
