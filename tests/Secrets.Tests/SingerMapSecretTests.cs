namespace Secrets.Tests;

/// <summary>singer-map with a mask salt and a secret in stream_map_config used by an expression: a run, and a map that fails on the secret.</summary>
public sealed class SingerMapSecretTests : IDisposable
{
    private const string Input = """
        {"type":"SCHEMA","stream":"users","schema":{"type":"object","properties":{"id":{"type":"integer"},"email":{"type":["null","string"]}}},"key_properties":["id"]}
        {"type":"RECORD","stream":"users","record":{"id":1,"email":"a@example.com"}}
        {"type":"STATE","value":{"bookmarks":{"users":{"id":1}}}}

        """;

    private readonly SecretScan _scan = new();

    public void Dispose() => _scan.Dispose();

    [Fact]
    public async Task Run_SaltAndMapConfigSecrets_NeverInOutputOrLogs()
    {
        var config = _scan.Config("map.json", new JsonObject
        {
            ["mask_salt"] = _scan.New("salt"),
            ["mask"] = new JsonObject { ["users"] = new JsonObject { ["email"] = "hash" } },
            ["stream_map_config"] = new JsonObject { ["pepper"] = _scan.New("pepper") },
            ["stream_maps"] = new JsonObject { ["users"] = new JsonObject { ["email_key"] = "sha256(config['pepper'] + record['email'])" } },
        });

        var run = await Executable.RunAsync("singer-map", ["--config", config, "--verbose"], Input);

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().Contain("\"email_key\"");
        _scan.AssertClean(run, "map run");
    }

    [Theory]
    [InlineData("int(config['pepper'])")]
    [InlineData("float(config['pepper'])")]
    [InlineData("json.loads(config['pepper'])")]
    [InlineData("datetime.datetime.fromisoformat(config['pepper'])")]
    public async Task Run_MapFailingOnTheSecret_FailsWithoutShowingIt(string expression)
    {
        var config = _scan.Config("map.json", new JsonObject
        {
            ["stream_map_config"] = new JsonObject { ["pepper"] = _scan.New("pepper") },
            ["stream_maps"] = new JsonObject { ["users"] = new JsonObject { ["n"] = expression } },
        });

        var run = await Executable.RunAsync("singer-map", ["--config", config, "--verbose"], Input);

        run.ExitCode.Should().NotBe(0);
        _scan.AssertClean(run, $"map failing on {expression}");
    }
}
