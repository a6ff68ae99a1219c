using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Cli;

/// <summary>Settings that would otherwise be taken silently: typos, impossible batch sizes, unreadable files.</summary>
[Collection(GlobalStateCollection.Name)]
public sealed class ConfigCheckTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly LogCapture _log = new();

    public void Dispose()
    {
        _log.Dispose();
        _dir.Dispose();
    }

    private static readonly SettingDefinition[] Settings = [new("path", "string", "File."), .. Target.CommonSettings];

    [Fact]
    public void Validate_TypoOfAKnownKey_WarnsNamingTheClosestKey()
    {
        ConfigLoader.Validate(SingerText.Object("""{"path": "x", "batch_size_row": 10, "valdiate_records": false}"""), Settings);

        _log.Lines.Should().Equal(
            "WARNING config key 'batch_size_row' is not a known setting and is ignored; did you mean 'batch_size_rows'?",
            "WARNING config key 'valdiate_records' is not a known setting and is ignored; did you mean 'validate_records'?");
    }

    [Fact]
    public void Validate_UnrelatedUnknownKey_WarnsWithoutAGuess()
    {
        ConfigLoader.Validate(SingerText.Object("""{"path": "x", "colour": "blue"}"""), Settings);

        _log.Lines.Should().Equal("WARNING config key 'colour' is not a known setting and is ignored (see --about for the settings)");
    }

    [Fact]
    public void Validate_OnlyKnownKeys_WarnsNothing()
    {
        ConfigLoader.Validate(SingerText.Object("""{"path": "x", "batch_size_rows": 10}"""), Settings);

        _log.Text.Should().BeEmpty();
    }

    private sealed class NoSinkTarget(PluginConfig config) : Target(config)
    {
        public override Task<Sink> CreateSinkAsync(SchemaMessage schema, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    [Theory]
    [InlineData("""{"batch_size_rows": 0}""", "config key 'batch_size_rows' must be a positive integer, got 0")]
    [InlineData("""{"batch_size_rows": -5}""", "config key 'batch_size_rows' must be a positive integer, got -5")]
    [InlineData("""{"batch_size_bytes": 0}""", "config key 'batch_size_bytes' must be a positive integer, got 0")]
    [InlineData("""{"batch_size_bytes": "-1"}""", "config key 'batch_size_bytes' must be a positive integer, got -1")]
    public void Target_BatchSizeNotPositive_Refused(string config, string message)
    {
        var act = () => new NoSinkTarget(new PluginConfig(SingerText.Object(config)));

        act.Should().Throw<ConfigurationException>().WithMessage(message).Which.ExitCode.Should().Be(ExitCodes.BadUsage);
    }

    [Fact]
    public void Target_BatchSizesGiven_Used()
    {
        var target = new NoSinkTarget(new PluginConfig(SingerText.Object("""{"batch_size_rows": 1, "batch_size_bytes": "4096"}""")));

        (target.BatchRows, target.BatchBytes).Should().Be((1L, 4096L));
    }

    [Fact]
    public async Task LoadAsync_ConfigWithInvalidUtf8_NamesTheFile()
    {
        var path = _dir.File("config.json");
        await File.WriteAllBytesAsync(path, [.. "{\"path\": \""u8, 0xFF, 0xFE, .. "\"}"u8]);

        var act = () => ConfigLoader.LoadAsync([path], Settings);

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().Be($"config file '{path}' is not valid UTF-8");
    }

    [Theory]
    [InlineData("""{"bookmarks": []}""", "an array")]
    [InlineData("""{"bookmarks": "orders"}""", "string \"orders\"")]
    [InlineData("""{"type": "STATE", "value": {"bookmarks": null}}""", "null")]
    public async Task StateFileLoadAsync_BookmarksNotAnObject_RefusedNamingTheFile(string content, string found)
    {
        var path = await _dir.WriteAsync("state.json", content);

        var act = () => StateFile.LoadAsync(path);

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should()
            .Be($"state file '{path}': \"bookmarks\" must be an object, got {found}");
    }

    [Fact]
    public async Task StateFileLoadAsync_NoBookmarks_EmptyState()
    {
        var path = await _dir.WriteAsync("state.json", """{"currently_syncing": null}""");

        var state = await StateFile.LoadAsync(path);

        SingerJson.Serialize(state.Value).Should().Be("""{"currently_syncing":null}""");
    }
}
