using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.State;

public sealed class StateFileTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task WriteAtomicAsync_ThenLoadAsync_RoundTripsExactly()
    {
        var path = _dir.File("state.json");
        var state = SingerText.Object("""{"currently_syncing": null, "bookmarks": {"bench-types": {"version": 1795637926779, "log_pos": 41817009, "amount": 1.50, "big": 18446744073709551615, "u": "中文"}}}""");

        await StateFile.WriteAtomicAsync(path, state);
        var loaded = await StateFile.LoadAsync(path);

        SingerJson.Serialize(loaded.Value).Should().Be(SingerJson.Serialize(state));
        (await File.ReadAllTextAsync(path)).Should().Be(
            """{"currently_syncing":null,"bookmarks":{"bench-types":{"version":1795637926779,"log_pos":41817009,"amount":1.50,"big":18446744073709551615,"u":"中文"}}}""" + "\n");
    }

    [Fact]
    public async Task WriteAtomicAsync_TwoWrites_LeaveNoTemporaryFilesBehind()
    {
        await StateFile.WriteAtomicAsync(_dir.File("state.json"), SingerText.Object("""{"a": 1}"""));
        await StateFile.WriteAtomicAsync(_dir.File("state.json"), SingerText.Object("""{"a": 2}"""));

        _dir.FileNames().Should().Equal("state.json");
    }

    [Fact]
    public async Task WriteAtomicAsync_ExistingFile_IsReplacedWhole()
    {
        var path = await _dir.WriteAsync("state.json", """{"old": "a much longer previous state that must not leave a tail behind"}""");

        await StateFile.WriteAtomicAsync(path, SingerText.Object("""{"new": 1}"""));

        (await File.ReadAllTextAsync(path)).Should().Be("""{"new":1}""" + "\n");
    }

    [Fact]
    public async Task WriteAtomicAsync_RelativePath_WritesIntoTheCurrentDirectoryResolution()
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, _dir.File("rel.json"));

        await StateFile.WriteAtomicAsync(relative, SingerText.Object("""{"r": true}"""));

        (await File.ReadAllTextAsync(_dir.File("rel.json"))).Should().Be("""{"r":true}""" + "\n");
    }

    [Fact]
    public async Task WriteAtomicAsync_MissingDirectory_FailsAndLeavesNothing()
    {
        var act = () => StateFile.WriteAtomicAsync(_dir.File("missing/state.json"), SingerText.Object("{}"));

        await act.Should().ThrowAsync<DirectoryNotFoundException>();
        _dir.FileNames().Should().BeEmpty();
    }

    [Fact]
    public async Task LoadAsync_BareObject_IsTheState()
    {
        var path = await _dir.WriteAsync("state.json", """{"currently_syncing": "db-t", "bookmarks": {"db-t": {"replication_key_value": 5}}}""");

        var state = await StateFile.LoadAsync(path);

        state.CurrentlySyncing.Should().Be("db-t");
        state.GetBookmark("db-t", "replication_key_value").Should().Be(5L);
    }

    [Fact]
    public async Task LoadAsync_StateMessageLine_IsItsValue()
    {
        var path = await _dir.WriteAsync("state.json", """{"type": "STATE", "value": {"currently_syncing": null, "bookmarks": {"db-t": {"version": 7}}}}""" + "\n");

        var state = await StateFile.LoadAsync(path);

        SingerJson.Serialize(state.Value).Should().Be("""{"currently_syncing":null,"bookmarks":{"db-t":{"version":7}}}""");
    }

    [Fact]
    public async Task LoadAsync_PythonStateFixture_ReadsTheBinlogPosition()
    {
        var state = await StateFile.LoadAsync(FixturePaths.PythonTapMySql("state-types-logbased-run1.json"));

        state.CurrentlySyncing.Should().BeNull();
        state.GetBookmark("bench-types", "log_file").Should().Be("binlog.000001");
        state.GetBookmark("bench-types", "log_pos").Should().Be(41817009L);
        state.GetBookmark("bench-types", "version").Should().Be(1795637926779L);
    }

    [Fact]
    public async Task LoadAsync_EmptyFile_IsAnEmptyState()
    {
        var path = await _dir.WriteAsync("state.json", "");

        var state = await StateFile.LoadAsync(path);

        state.Value.Should().BeEmpty();
    }

    [Fact]
    public async Task LoadAsync_BomAndComments_AreAccepted()
    {
        var path = await _dir.WriteAsync("state.json", "\uFEFF// written by hand\n{\"bookmarks\": {\"db-t\": {\"v\": 1,},},}\n");

        var state = await StateFile.LoadAsync(path);

        state.GetBookmark("db-t", "v").Should().Be(1L);
    }

    [Fact]
    public async Task LoadAsync_MalformedJson_IsAConfigurationErrorNamingTheFile()
    {
        var path = await _dir.WriteAsync("state.json", """{"bookmarks": """);

        var act = () => StateFile.LoadAsync(path);

        var error = (await act.Should().ThrowAsync<ConfigurationException>()).Which;
        error.Message.Should().StartWith($"state file '{path}' is not valid JSON: ");
        error.ExitCode.Should().Be(ExitCodes.BadUsage);
    }

    [Fact]
    public async Task LoadAsync_MissingFile_IsAConfigurationErrorNamingTheFile()
    {
        var path = _dir.File("absent.json");

        var act = () => StateFile.LoadAsync(path);

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().StartWith($"cannot read state file '{path}': ");
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"state\"")]
    [InlineData("null")]
    public async Task LoadAsync_NotAnObject_IsAConfigurationErrorNamingTheFile(string content)
    {
        var path = await _dir.WriteAsync("state.json", content);

        var act = () => StateFile.LoadAsync(path);

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().Be($"state file '{path}' must hold a JSON object");
    }

    [Fact]
    public async Task LoadAsync_WholeTapOutput_IsNotAStateFile()
    {
        var path = await _dir.WriteAsync("state.json", """{"type": "STATE", "value": {"a": 1}}""" + "\n" + """{"type": "STATE", "value": {"a": 2}}""" + "\n");

        var act = () => StateFile.LoadAsync(path);

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().StartWith($"state file '{path}' is not valid JSON");
    }
}
