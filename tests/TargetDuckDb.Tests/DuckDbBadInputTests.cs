namespace TargetDuckDb.Tests;

/// <summary>target-duckdb on the bad-input corpus: one line, exit 1, the good records before the bad line in the table.</summary>
public sealed class DuckDbBadInputTests : BadInputCorpusTests
{
    private readonly DuckDbDatabase _db = new();

    public override Task InitializeAsync() => _db.InitializeAsync();

    public override Task DisposeAsync() => _db.DisposeAsync();

    protected override Task<ProcessResult> RunAsync(string casePath) =>
        Executable.RunAsync(_db.Target, ["--config", _db.WriteConfig(), "--input", casePath], timeout: Timeout);

    protected override async Task<long[]?> LoadedIdsAsync() =>
        [.. (await _db.RowsAsync("good", "id", "id")).Select(r => long.Parse(r[0]!, System.Globalization.CultureInfo.InvariantCulture))];
}
