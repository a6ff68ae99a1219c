using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Cli;

[Collection(GlobalStateCollection.Name)]
public sealed class ConfigLoaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static readonly SettingDefinition[] Settings =
    [
        new("host", "string", "Server host.", Required: true),
        new("user", "string", "User name.", Required: true),
        new("password", "string", "Password.", Required: true, Secret: true),
        new("port", "integer", "Server port.", Default: 3306L),
    ];

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task LoadAsync_TwoFiles_MergesInOrderWithLaterKeysWinning()
    {
        var first = await _dir.WriteAsync("a.json", """{"host": "db1", "user": "root", "password": "pw-first-11", "port": 3306, "only_a": 1}""");
        var second = await _dir.WriteAsync("b.json", """{"host": "db2", "port": "3307", "only_b": [1]}""");

        var config = await ConfigLoader.LoadAsync([first, second], Settings);

        SingerJson.Serialize(config.Values).Should().Be("""{"host":"db2","user":"root","password":"pw-first-11","port":"3307","only_a":1,"only_b":[1]}""");
        config.GetString("host").Should().Be("db2");
        config.GetLong("port").Should().Be(3307);
    }

    [Fact]
    public async Task LoadAsync_OrderReversed_TheOtherFileWins()
    {
        var first = await _dir.WriteAsync("a.json", """{"host": "db1", "user": "root", "password": "pw-first-11"}""");
        var second = await _dir.WriteAsync("b.json", """{"host": "db2"}""");

        var config = await ConfigLoader.LoadAsync([second, first], Settings);

        config.GetString("host").Should().Be("db1");
    }

    [Fact]
    public async Task LoadAsync_MissingRequiredKeys_ListsThemAll()
    {
        var path = await _dir.WriteAsync("a.json", """{"host": "db1", "user": null}""");

        var act = () => ConfigLoader.LoadAsync([path], Settings);

        var error = (await act.Should().ThrowAsync<ConfigurationException>()).Which;
        error.Message.Should().Be("config is missing required keys: user, password");
        error.ExitCode.Should().Be(ExitCodes.BadUsage);
    }

    [Fact]
    public void Validate_OneMissingRequiredKey_UsesTheSingular()
    {
        var act = () => ConfigLoader.Validate(SingerText.Object("""{"host": "h", "user": "u"}"""), Settings);

        act.Should().Throw<ConfigurationException>().WithMessage("config is missing required key: password");
    }

    [Fact]
    public async Task LoadAsync_SecretValue_IsMaskedInLogLines()
    {
        var secret = "pw-" + Guid.NewGuid().ToString("N");
        var path = await _dir.WriteAsync("a.json", $$"""{"host": "db1", "user": "root", "password": "{{secret}}"}""");
        using var log = new LogCapture();

        var config = await ConfigLoader.LoadAsync([path], Settings);
        Log.Info($"connecting to db1 as root with {config.GetString("password")}");
        Log.Warning($"retrying: auth '{secret}' rejected");

        log.Lines.Should().Equal(
            $"INFO connecting to db1 as root with {SecretRedactor.Mask}",
            $"WARNING retrying: auth '{SecretRedactor.Mask}' rejected");
        log.Text.Should().NotContain(secret);
    }

    [Fact]
    public async Task LoadAsync_SecretRegisteredEvenWhenRequiredKeysAreMissing_SoTheErrorCannotLeakIt()
    {
        var secret = "pw-" + Guid.NewGuid().ToString("N");
        var path = await _dir.WriteAsync("a.json", $$"""{"password": "{{secret}}"}""");

        var act = () => ConfigLoader.LoadAsync([path], Settings);

        await act.Should().ThrowAsync<ConfigurationException>();
        SecretRedactor.Redact($"x {secret} y").Should().Be("x ******** y");
    }

    [Fact]
    public async Task LoadAsync_NonSecretValues_AreNotMasked()
    {
        var host = "host-" + Guid.NewGuid().ToString("N");
        var path = await _dir.WriteAsync("a.json", $$"""{"host": "{{host}}", "user": "root", "password": "pw-{{Guid.NewGuid():N}}"}""");

        await ConfigLoader.LoadAsync([path], Settings);

        SecretRedactor.Redact(host).Should().Be(host);
    }

    [Fact]
    public async Task LoadAsync_MissingFile_NamesIt()
    {
        var path = _dir.File("absent.json");

        var act = () => ConfigLoader.LoadAsync([path], Settings);

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().StartWith($"cannot read config file '{path}': ");
    }

    [Fact]
    public async Task LoadAsync_MalformedFile_NamesIt()
    {
        var path = await _dir.WriteAsync("a.json", """{"host": """);

        var act = () => ConfigLoader.LoadAsync([path], Settings);

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().StartWith($"config file '{path}' is not valid JSON: ");
    }

    [Fact]
    public async Task LoadAsync_ArrayFile_NamesIt()
    {
        var path = await _dir.WriteAsync("a.json", "[]");

        var act = () => ConfigLoader.LoadAsync([path], Settings);

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().Be($"config file '{path}' must hold a JSON object");
    }

    [Fact]
    public async Task LoadAsync_CommentsAndTrailingCommas_AreAccepted()
    {
        var path = await _dir.WriteAsync("a.json", "{\n  // the server\n  \"host\": \"db1\", \"user\": \"u\", \"password\": \"pw-long-1\",\n}\n");

        var config = await ConfigLoader.LoadAsync([path], Settings);

        config.GetString("host").Should().Be("db1");
    }

    [Fact]
    public void SecretRedactor_ShortValues_AreNotRegistered()
    {
        SecretRedactor.Register("ab");
        SecretRedactor.Register(null);
        SecretRedactor.Register("");

        SecretRedactor.Redact("ab cd").Should().Be("ab cd");
    }

    [Fact]
    public void SecretRedactor_OverlappingSecrets_MasksTheLongestFirst()
    {
        var shorter = "sec-" + Guid.NewGuid().ToString("N")[..8];
        var longer = shorter + "-suffix";
        SecretRedactor.Register(shorter);
        SecretRedactor.Register(longer);

        SecretRedactor.Redact($"[{longer}] [{shorter}]").Should().Be("[********] [********]");
    }
}
