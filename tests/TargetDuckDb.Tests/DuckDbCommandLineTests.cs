namespace TargetDuckDb.Tests;

/// <summary>The SDK's command-line checks as a user meets them, through the target-duckdb process.</summary>
public sealed class DuckDbCommandLineTests : IAsyncLifetime
{
    private readonly DuckDbDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static string Stream => new SingerStream().Schema("items", """{"id": {"type": "integer"}}""", "id").Record("items", """{"id": 1}""").ToString();

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Theory]
    [InlineData("batch_size_rows", 0)]
    [InlineData("batch_size_bytes", -1)]
    public async Task Load_BatchSizeNotPositive_ExitsTwoWithOneLine(string key, int value)
    {
        var run = await _db.LoadAsync(Stream, new JsonObject { [key] = value });

        run.ExitCode.Should().Be(2, run.Stderr);
        Lines(run.Stderr).Should().Equal($"CRITICAL config key '{key}' must be a positive integer, got {value}");
        File.Exists(_db.Path).Should().BeFalse();
    }

    [Fact]
    public async Task Load_TypoInAConfigKey_WarnsNamingTheKeyAndLoads()
    {
        var run = await _db.LoadAsync(Stream, new JsonObject { ["batch_size_row"] = 10 });

        run.ExitCode.Should().Be(0, run.Stderr);
        Lines(run.Stderr).Where(l => l.StartsWith("WARNING", StringComparison.Ordinal)).Should().Equal(
            "WARNING config key 'batch_size_row' is not a known setting and is ignored; did you mean 'batch_size_rows'?");
        (await _db.CountAsync("items")).Should().Be(1);
    }

    [Fact]
    public async Task Load_InputIsADirectory_ExitsTwoWithOneLine()
    {
        var run = await Executable.RunAsync(_db.Target, ["--config", _db.WriteConfig(), "--input", _db.Directory]);

        run.ExitCode.Should().Be(2, run.Stderr);
        Lines(run.Stderr).Should().Equal($"CRITICAL --input '{_db.Directory}' is a directory, not a file");
    }

    [Fact]
    public async Task Load_ConfigWithInvalidUtf8_ExitsTwoNamingTheFile()
    {
        var path = Path.Combine(_db.Directory, "bad.json");
        await File.WriteAllBytesAsync(path, [.. "{\"path\": \""u8, 0xC3, 0x28, .. "\"}"u8]);

        var run = await Executable.RunAsync(_db.Target, ["--config", path], stdin: Stream);

        run.ExitCode.Should().Be(2, run.Stderr);
        Lines(run.Stderr).Should().Equal($"CRITICAL config file '{path}' is not valid UTF-8");
    }
}
