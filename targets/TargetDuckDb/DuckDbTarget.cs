using Singer.Sdk;
using Warehouse;

namespace TargetDuckDb;

internal sealed class DuckDbTarget(PluginConfig config) : WarehouseTarget(config, "main", IdentifierRules.DuckDb)
{
    /// <summary>Records become the JSON DuckDB reads at commit, on the parsing thread (see <see cref="JsonStaging"/>).</summary>
    protected override RecordTranscoder? CreateRecordTranscoder(SchemaMessage schema) => JsonStaging.TranscoderFor(schema);

    protected override async Task<SqlDialect> OpenAsync(CancellationToken cancellationToken) =>
        await DuckDbDialect.OpenAsync(Config.GetString("path") is { Length: > 0 } path ? path : DuckDbSettings.DefaultPath, cancellationToken);
}
