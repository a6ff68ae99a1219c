namespace Singer.Sdk;

/// <summary>The standard tap command line: --about, --discover, --test, or a sync with --catalog and --state.</summary>
public static class TapRunner
{
    public static Task<int> RunAsync(string[] args, AboutInfo about, Func<PluginConfig, Tap> createTap) =>
        CommandLineRunner.RunAsync<TapOptions>(args, (options, ct) => RunAsync(options, about, createTap, ct));

    private static async Task<int> RunAsync(TapOptions options, AboutInfo about, Func<PluginConfig, Tap> createTap, CancellationToken ct)
    {
        if (options.About)
        {
            await Console.Out.WriteLineAsync(about.Render(options.Format));
            return ExitCodes.Ok;
        }
        var config = await ConfigLoader.LoadAsync(options.Config, about.Settings, about.EnvironmentPrefixes, ct);
        // Flattening is the SDK's only where the executable lists its settings (tap-rest has a flattening of its own).
        var maps = Maps.StreamMapper.FromConfig(config, flatteningAllowed: about.Settings.Any(s => s.Name == Maps.StreamMapper.FlatteningMaxDepthKey));
        var tap = createTap(config);
        await using var output = SingerWriter.ForStandardOutput();
        if (maps is not null && !options.Discover && !options.Test)
        {
            output.UseMaps(maps);
        }
        if (options.Test)
        {
            await tap.TestConnectionAsync(ct);
            Log.Info("connection test passed");
            return ExitCodes.Ok;
        }
        if (options.Discover)
        {
            var discovered = await tap.DiscoverAsync(ct);
            await using var stdout = Serialization.StandardOutputStream.Open();
            await stdout.WriteAsync(System.Text.Encoding.UTF8.GetBytes(SingerJson.Serialize(discovered.ToJson(), indented: true) + "\n"), ct);
            return ExitCodes.Ok;
        }
        var catalog = options.CatalogPath is { } path
            ? await Catalog.LoadAsync(path, ct)
            : await tap.DiscoverAsync(ct);
        var state = options.State is { } statePath ? await StateFile.LoadAsync(statePath, ct) : new SingerState();
        // As the Meltano SDK registers the catalog's streams: every map is bound now, so a wrong name stops the run before any output.
        maps?.Check(catalog.SelectedStreams.Select(s => new SchemaMessage(s.Stream, s.Schema, s.KeyProperties)));
        await tap.SyncAsync(catalog, state, output, ct);
        return ExitCodes.Ok;
    }
}
