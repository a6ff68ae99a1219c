using Singer.Sdk;
using Warehouse;

namespace TargetDuckDb;

internal sealed class DuckDbTarget(PluginConfig config) : WarehouseTarget(config, "main")
{
    protected override async Task<SqlDialect> OpenAsync(CancellationToken cancellationToken) =>
        await DuckDbDialect.OpenAsync(Config.GetString("path") is { Length: > 0 } path ? path : DuckDbSettings.DefaultPath, cancellationToken);
}
