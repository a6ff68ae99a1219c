using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Cli;

[Collection(GlobalStateCollection.Name)]
public sealed class EnvironmentConfigTests : IDisposable
{
    private static readonly SettingDefinition[] Settings =
    [
        new("host", "string", "Server host.", Required: true),
        new("port", "integer", "Server port."),
        new("tables", "array", "Tables."),
    ];

    private readonly List<string> _set = [];

    private void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        _set.Add(name);
    }

    public void Dispose() => _set.ForEach(name => Environment.SetEnvironmentVariable(name, null));

    [Fact]
    public async Task LoadAsync_Env_ReadsDeclaredSettings_OwnPrefixOverAlias()
    {
        Set("SDKTEST_ONE_HOST", "own");
        Set("SDKTEST_OLD_HOST", "alias");
        Set("SDKTEST_OLD_PORT", "3307");
        Set("SDKTEST_ONE_TABLES", """["a", "b"]""");
        Set("SDKTEST_ONE_UNDECLARED", "x");

        var config = await ConfigLoader.LoadAsync(["ENV"], Settings, ["SDKTEST_ONE_", "SDKTEST_OLD_"]);

        config.GetString("host").Should().Be("own");
        config.GetLong("port").Should().Be(3307);
        config.GetStringList("tables").Should().Equal("a", "b");
        config.Values.Should().NotContainKey("undeclared");
    }

    [Fact]
    public async Task LoadAsync_EnvArrayNotJsonList_IsAConfigurationError()
    {
        Set("SDKTEST_TWO_HOST", "h");
        Set("SDKTEST_TWO_TABLES", "a,b");

        var act = () => ConfigLoader.LoadAsync(["ENV"], Settings, ["SDKTEST_TWO_"]);

        (await act.Should().ThrowAsync<ConfigurationException>()).Which.Message.Should().StartWith("environment variable SDKTEST_TWO_TABLES must be a JSON array");
    }
}
