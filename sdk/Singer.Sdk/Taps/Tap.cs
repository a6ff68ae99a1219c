namespace Singer.Sdk;

/// <summary>
/// A tap: discovers streams into a catalog and syncs the selected ones as Singer messages.
/// <see cref="TapRunner"/> gives it the standard command line.
/// </summary>
public abstract class Tap
{
    protected Tap(PluginConfig config)
    {
        Config = config;
    }

    protected PluginConfig Config { get; }

    public abstract Task<Catalog> DiscoverAsync(CancellationToken cancellationToken);

    /// <summary>Writes SCHEMA, RECORD, STATE (and ACTIVATE_VERSION) messages for the selected streams.</summary>
    public abstract Task SyncAsync(Catalog catalog, SingerState state, SingerWriter output, CancellationToken cancellationToken);

    /// <summary>Checks the config reaches the source; throws a <see cref="SingerException"/> saying why not.</summary>
    public virtual async Task TestConnectionAsync(CancellationToken cancellationToken) => await DiscoverAsync(cancellationToken);
}
