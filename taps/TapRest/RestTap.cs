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
    private readonly int _parallelRequests;

    /// <summary>Reads and checks every setting up front, so a bad one is refused before anything is emitted.</summary>
    public RestTap(PluginConfig config) : base(config)
    {
        _streams = StreamSettings.ReadAll(config);
        _http = HttpSettings.Read(config);
        _auth = AuthFactory.Create(config);
        _flatten = config.GetBool("flattening_enabled", true);
        _storeRawJson = config.GetBool("store_raw_json_message", false);
        _parallelRequests = ParallelRequests(config);
        foreach (var stream in _streams)
        {
            PaginatorFactory.Check(config, stream, _parallelRequests);
        }
    }

    private static int ParallelRequests(PluginConfig config)
    {
        var value = config.GetLong("parallel_requests") ?? 1;
        return value is >= 1 and <= 64
            ? (int)value
            : throw new ConfigurationException($"config key 'parallel_requests' must be between 1 and 64, got {value}");
    }

    private string ApiUrl => Config.GetRequiredString("api_url");

    public override async Task<Catalog> DiscoverAsync(CancellationToken cancellationToken)
    {
        using var client = new ApiClient(_http, _auth, ApiUrl);
        var discovery = new StreamDiscovery(new PageReader(client, Config, ApiUrl), _streams, Flattener);
        var catalog = new Catalog();
        foreach (var stream in _streams)
        {
            catalog.Streams.Add(await discovery.DiscoverAsync(stream, cancellationToken));
        }
        return catalog;
    }

    /// <summary>One request per top-level stream: the first page, whose records must be found (child streams need parent records).</summary>
    public override async Task TestConnectionAsync(CancellationToken cancellationToken)
    {
        using var client = new ApiClient(_http, _auth, ApiUrl);
        var pages = new PageReader(client, Config, ApiUrl);
        foreach (var stream in _streams.Where(s => s.ParentStream is null))
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
        using var client = new ApiClient(_http, _auth, ApiUrl);
        var pages = new PageReader(client, Config, ApiUrl, _parallelRequests);
        var selected = catalog.Streams.Where(IsSelected).ToList();
        if (selected.Count == 0)
        {
            Log.Warning("no stream is selected in the catalog");
        }
        foreach (var entry in selected.Where(e => !_streams.Any(s => s.Name == e.TapStreamId)))
        {
            Log.Warning($"catalog stream '{entry.TapStreamId}' is not in the config's streams; skipped");
        }
        // A stream runs when it is selected or a selected stream below it needs its records (then it writes nothing).
        var entries = selected.ToDictionary(e => e.TapStreamId, StringComparer.Ordinal);
        bool Needed(StreamSettings stream) => entries.ContainsKey(stream.Name) || _streams.Any(c => c.ParentStream == stream.Name && Needed(c));
        var syncs = _streams.Where(Needed).ToDictionary(
            s => s.Name, s => new StreamSync(pages, output, entries.GetValueOrDefault(s.Name), s, Flattener(s)), StringComparer.Ordinal);
        try
        {
            foreach (var sync in syncs.Values.Where(s => s.Settings.ParentStream is null))
            {
                Log.Info($"stream '{sync.Settings.Name}': syncing");
                using var timer = Metrics.JobTimer("sync_stream", new Dictionary<string, string> { ["stream"] = sync.Settings.Name });
                try
                {
                    await RunWithChildrenAsync(sync, syncs, state, null, cancellationToken);
                }
                catch
                {
                    timer.Fail();
                    throw;
                }
            }
        }
        finally
        {
            foreach (var sync in syncs.Values)
            {
                sync.Dispose();
            }
        }
        await output.WriteAsync(new StateMessage(state.Snapshot().Value), cancellationToken);
    }

    /// <summary>Runs a stream; after each of its records, its child streams for that record (their path filled from it).</summary>
    private static Task RunWithChildrenAsync(
        StreamSync sync, Dictionary<string, StreamSync> syncs, SingerState state, Dictionary<string, object?>? context, CancellationToken cancellationToken)
    {
        var children = syncs.Values.Where(c => c.Settings.ParentStream == sync.Settings.Name).ToList();
        Func<Dictionary<string, object?>, Task>? afterRecord = children.Count == 0 ? null : async record =>
        {
            foreach (var child in children)
            {
                await RunWithChildrenAsync(child, syncs, state, PathTemplate.Context(child.Settings, record), cancellationToken);
            }
        };
        return sync.RunAsync(state, context, afterRecord, cancellationToken);
    }

    /// <summary>Selected as the Meltano SDK decides: metadata selected, else selected-by-default.</summary>
    private static bool IsSelected(CatalogEntry entry) =>
        entry.Metadata.GetStream("selected") as bool? ?? entry.Schema.GetValueOrDefault("selected") as bool?
        ?? entry.Metadata.GetStream("selected-by-default") as bool? ?? false;

    private RecordFlattener Flattener(StreamSettings stream) => new(stream.Name, _flatten, stream.ExceptKeys, _storeRawJson);
}
