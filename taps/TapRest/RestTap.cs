using Singer.Sdk;
using TapRest.Auth;
using TapRest.Http;
using TapRest.Pagination;
using TapRest.Streams;

namespace TapRest;

/// <summary>tap-rest: each configured stream is a GET endpoint whose JSON pages hold records.</summary>
internal sealed class RestTap : Tap
{
    private readonly IReadOnlyList<StreamSettings> _streams;
    private readonly HttpSettings _http;
    private readonly IRequestAuth _auth;
    private readonly bool _flatten;
    private readonly bool _storeRawJson;

    /// <summary>Reads and checks every setting up front, so a bad one is refused before anything is emitted.</summary>
    public RestTap(PluginConfig config) : base(config)
    {
        _streams = StreamSettings.ReadAll(config);
        _http = HttpSettings.Read(config);
        _auth = AuthFactory.Create(config);
        _flatten = config.GetBool("flattening_enabled", true);
        _storeRawJson = config.GetBool("store_raw_json_message", false);
        foreach (var stream in _streams)
        {
            PaginatorFactory.Check(config, stream);
        }
    }

    private string ApiUrl => Config.GetRequiredString("api_url");

    public override async Task<Catalog> DiscoverAsync(CancellationToken cancellationToken)
    {
        using var client = new ApiClient(_http, _auth);
        var discovery = new StreamDiscovery(new PageReader(client, Config, ApiUrl));
        var catalog = new Catalog();
        foreach (var stream in _streams)
        {
            catalog.Streams.Add(await discovery.DiscoverAsync(stream, Flattener(stream), cancellationToken));
        }
        return catalog;
    }

    /// <summary>One request per stream: the first page, whose records must be found.</summary>
    public override async Task TestConnectionAsync(CancellationToken cancellationToken)
    {
        using var client = new ApiClient(_http, _auth);
        var pages = new PageReader(client, Config, ApiUrl);
        foreach (var stream in _streams)
        {
            await foreach (var page in pages.ReadAsync(stream, new Dictionary<string, string>(), cancellationToken))
            {
                Log.Info($"stream '{stream.Name}': first page has {page.Count} records");
                break;
            }
        }
    }

    public override async Task SyncAsync(Catalog catalog, SingerState state, SingerWriter output, CancellationToken cancellationToken)
    {
        using var client = new ApiClient(_http, _auth);
        var sync = new StreamSync(new PageReader(client, Config, ApiUrl), output);
        var selected = catalog.Streams.Where(IsSelected).ToList();
        if (selected.Count == 0)
        {
            Log.Warning("no stream is selected in the catalog");
        }
        foreach (var entry in selected)
        {
            if (_streams.FirstOrDefault(s => s.Name == entry.TapStreamId) is not { } stream)
            {
                Log.Warning($"catalog stream '{entry.TapStreamId}' is not in the config's streams; skipped");
                continue;
            }
            Log.Info($"stream '{stream.Name}': syncing");
            using var timer = Metrics.JobTimer("sync_stream", new Dictionary<string, string> { ["stream"] = stream.Name });
            try
            {
                await sync.RunAsync(entry, stream, Flattener(stream), state, cancellationToken);
            }
            catch
            {
                timer.Fail();
                throw;
            }
        }
        await output.WriteAsync(new StateMessage(state.Snapshot().Value), cancellationToken);
    }

    /// <summary>Selected as the Meltano SDK decides: metadata selected, else selected-by-default.</summary>
    private static bool IsSelected(CatalogEntry entry) =>
        entry.Metadata.GetStream("selected") as bool? ?? entry.Schema.GetValueOrDefault("selected") as bool?
        ?? entry.Metadata.GetStream("selected-by-default") as bool? ?? false;

    private RecordFlattener Flattener(StreamSettings stream) => new(_flatten, stream.ExceptKeys, _storeRawJson);
}
