using Singer.Sdk;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>
/// target-s3 on the bad-input corpus: one line, exit 1, the good records before the bad line in their object. A data
/// lake keeps records without key values (only the warehouse targets require them), so those cases load whole here.
/// </summary>
public sealed class S3BadInputTests : BadInputCorpusTests
{
    private S3TestBucket? _bucket;

    private S3TestBucket Bucket => _bucket ?? throw new InvalidOperationException("no bucket yet");

    protected override IReadOnlySet<string> AcceptedHere { get; } = new HashSet<string>(StringComparer.Ordinal) { "missing-key-property", "null-key-property", "integer-of-5000-digits" };

    public override async Task InitializeAsync() => _bucket = await S3TestBucket.CreateAsync("bad");

    public override async Task DisposeAsync()
    {
        if (_bucket is not null)
        {
            await _bucket.DisposeAsync();
        }
    }

    protected override async Task<ProcessResult> RunAsync(string casePath)
    {
        var config = await TargetProcess.WriteConfigAsync(TestConfig.For(Bucket.Name, new() { ["naming_convention"] = "{stream}/{part}.{ext}" }));
        try
        {
            return await Executable.RunAsync("target-s3", ["--config", config, "--input", casePath], timeout: Timeout);
        }
        finally
        {
            File.Delete(config);
        }
    }

    protected override async Task<long[]?> LoadedIdsAsync()
    {
        var ids = new List<long>();
        foreach (var key in await Bucket.KeysAsync("good/"))
        {
            foreach (var line in (await Bucket.TextAsync(key)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                // The record of missing-key-property, which this target keeps, has no id to list.
                if (((Dictionary<string, object?>)SingerJson.Parse(line)!).GetValueOrDefault("id") is long id)
                {
                    ids.Add(id);
                }
            }
        }
        return [.. ids.Order()]; // objects are listed by key, not in load order
    }
}
