using Singer.Sdk;
using TargetPostgres;
using Warehouse;

namespace TargetRedshift;

/// <summary>target-redshift: the shared warehouse target over <see cref="RedshiftDialect"/>.</summary>
internal sealed class RedshiftTarget : WarehouseTarget
{
    private readonly RedshiftOptions _options;
    private readonly ICopyExecutor _copy;
    private readonly PostgresEndpoint _endpoint;

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
        _endpoint = Endpoint(config);
        _copy = copy;
    }

    protected override async Task<SqlDialect> OpenAsync(CancellationToken cancellationToken) =>
        await RedshiftDialect.OpenAsync(_endpoint, _options, _copy, cancellationToken);

    public static PostgresEndpoint Endpoint(PluginConfig config) => PostgresEndpoint.From(config, "Redshift", 5439, ssl: false);
}
