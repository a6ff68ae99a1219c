namespace Singer.Sdk;

/// <summary>A Singer catalog: the streams a tap can sync, with schemas and metadata.</summary>
public sealed class Catalog
{
    public List<CatalogEntry> Streams { get; } = [];

    public CatalogEntry? Find(string tapStreamId) => Streams.Find(s => s.TapStreamId == tapStreamId);

    public IEnumerable<CatalogEntry> SelectedStreams => Streams.Where(s => s.IsSelected);

    public static async Task<Catalog> LoadAsync(string path, CancellationToken cancellationToken = default) =>
        CatalogJson.Parse(await SingerJson.ReadObjectFileAsync(path, "catalog", cancellationToken));

    public static Catalog Parse(Dictionary<string, object?> json) => CatalogJson.Parse(json);

    public Dictionary<string, object?> ToJson() => CatalogJson.ToJson(this);
}
