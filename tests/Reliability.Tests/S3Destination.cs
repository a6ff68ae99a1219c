namespace Reliability.Tests;

/// <summary>
/// target-s3 writing gzipped JSON lines with metadata and table version columns into a scratch bucket. A file target
/// keeps every copy of every record it was sent, so what it holds is the fold of all files as a reader makes it: the
/// copies of the newest table version (a newer full copy supersedes the older ones: what ACTIVATE_VERSION does in a
/// warehouse), then per key the copy with the highest <see cref="Row.Rev"/>, gone when a copy of that revision is a
/// delete (_sdc_deleted_at set).
/// </summary>
public sealed class S3Destination : Destination
{
    private readonly S3TestBucket _bucket;
    private readonly string _directory = Directory.CreateTempSubdirectory("reliability-s3-").FullName;

    private readonly string _endpoint;

    private S3Destination(S3TestBucket bucket, string endpoint)
    {
        _bucket = bucket;
        _endpoint = endpoint;
    }

    /// <summary>A bucket on s3rver, written through <paramref name="endpoint"/> (a proxy in front of s3rver; default: s3rver itself).</summary>
    public static async Task<S3Destination> CreateAsync(string? endpoint = null) =>
        new(await S3TestBucket.CreateAsync("faults"), endpoint ?? ServiceEnvironment.S3Endpoint);

    public override string Name => "target-s3";

    public override Command Target()
    {
        var config = new JsonObject
        {
            ["s3_bucket"] = _bucket.Name,
            ["endpoint_url"] = _endpoint,
            ["aws_access_key_id"] = ServiceEnvironment.S3AccessKey,
            ["aws_secret_access_key"] = ServiceEnvironment.S3SecretKey,
            ["batch_size_rows"] = BatchRows,
            ["max_file_rows"] = BatchRows,
            ["add_metadata_columns"] = true,
            ["add_table_version_column"] = true,
        };
        var path = Path.Combine(_directory, "target-s3.json");
        File.WriteAllText(path, config.ToJsonString());
        return new Command("target-s3", ["--config", path]);
    }

    public override async Task<List<Row>> RowsAsync()
    {
        var copies = await CopiesAsync();
        var newest = copies.Max(c => c.Version);
        return copies
            .Where(c => c.Version == newest)
            .GroupBy(c => c.Row.Id)
            .Select(g => g.Where(c => c.Row.Rev == g.Max(x => x.Row.Rev)).ToList())
            .Where(latest => !latest.Any(c => c.Deleted))
            .Select(latest => latest[0].Row)
            .OrderBy(r => r.Id)
            .ToList();
    }

    /// <summary>Copies of one revision of one row beyond the first (a rerun resends what followed the last STATE).</summary>
    public override async Task<long> DuplicatesAsync()
    {
        var copies = await CopiesAsync();
        return copies.Count - copies.Select(c => (c.Row.Id, c.Row.Rev, c.Deleted)).Distinct().Count();
    }

    private async Task<List<(Row Row, bool Deleted, long? Version)>> CopiesAsync()
    {
        var copies = new List<(Row, bool, long?)>();
        foreach (var key in await _bucket.KeysAsync())
        {
            foreach (var line in (await _bucket.TextAsync(key)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var record = JsonNode.Parse(line)!.AsObject();
                copies.Add((Row.Parse(record["id"]!.ToJsonString(), record["rev"]!.ToJsonString(), record["amount"]!.ToJsonString(), (string?)record["note"]),
                    record["_sdc_deleted_at"] is not null, (long?)record["_sdc_table_version"]));
            }
        }
        return copies;
    }

    public override async ValueTask DisposeAsync()
    {
        await _bucket.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
