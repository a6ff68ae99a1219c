namespace SingerMap.Tests;

/// <summary>
/// singer-map (mapping stream <c>good</c>) on the bad-input corpus: one line naming it and exit 1 for what is not
/// Singer; what is Singer but breaks a schema is the target's to judge (singer-map checks records only with its
/// <c>validate</c> built-in), so those cases pass through whole.
/// </summary>
public sealed class SingerMapBadInputTests : BadInputCorpusTests
{
    private readonly string _config = Path.Combine(Path.GetTempPath(), $"singer-map-bad-{Guid.NewGuid():N}.json");

    protected override bool PrintsStates => false;

    /// <summary>Singer all the same: records against their schema, keys, and schemas of streams no map touches are passed on for the target to judge.</summary>
    protected override IReadOnlySet<string> AcceptedHere { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "activate-version-unknown-stream", "integer-of-5000-digits", "record-fails-schema", "key-not-in-properties", "missing-key-property",
        "null-key-property", "schema-unknown-type", "schema-properties-not-an-object",
    };

    public override Task InitializeAsync() =>
        File.WriteAllTextAsync(_config, """{"stream_maps":{"good":{"name_upper":"(name or '').upper()"}}}""");

    public override Task DisposeAsync()
    {
        File.Delete(_config);
        return Task.CompletedTask;
    }

    protected override Task<ProcessResult> RunAsync(string casePath) =>
        Executable.RunAsync("singer-map", ["--config", _config, "--input", casePath], timeout: Timeout);

    protected override Task<long[]?> LoadedIdsAsync() => Task.FromResult<long[]?>(null);
}
