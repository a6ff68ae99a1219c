using System.Text.Json;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Cli;

public sealed class AboutInfoTests
{
    private static readonly AboutInfo About = new(
        "tap-example",
        "Reads example rows.",
        ["catalog", "discover", "state"],
        [
            new SettingDefinition("host", "string", "Server host.", Required: true),
            new SettingDefinition("password", "string", "Password | with a pipe.", Required: true, Secret: true),
            new SettingDefinition("port", "integer", "Server port.", Default: 3306L),
            new SettingDefinition("tables", "array", "Tables to sync.", Default: new List<object?> { "a", "b" }),
        ]);

    [Fact]
    public void Render_Json_DescribesEverySettingWithTypesDefaultsAndSecrecy()
    {
        var json = About.Render("json");

        json.Should().Be($$"""
            {
              "name": "tap-example",
              "description": "Reads example rows.",
              "version": "{{AboutInfo.Version}}",
              "sdk_version": "{{AboutInfo.Version}}",
              "capabilities": [
                "catalog",
                "discover",
                "state"
              ],
              "settings": {
                "type": "object",
                "properties": {
                  "host": {
                    "type": "string",
                    "description": "Server host."
                  },
                  "password": {
                    "type": "string",
                    "description": "Password | with a pipe.",
                    "secret": true,
                    "writeOnly": true
                  },
                  "port": {
                    "type": "integer",
                    "description": "Server port.",
                    "default": 3306
                  },
                  "tables": {
                    "type": "array",
                    "description": "Tables to sync.",
                    "default": [
                      "a",
                      "b"
                    ]
                  }
                },
                "required": [
                  "host",
                  "password"
                ]
              }
            }
            """.ReplaceLineEndings("\n"));
        using var parsed = JsonDocument.Parse(json);
        parsed.RootElement.GetProperty("settings").GetProperty("properties").EnumerateObject().Select(p => p.Name).Should().Equal("host", "password", "port", "tables");
    }

    [Fact]
    public void Render_Markdown_ListsCapabilitiesAndSettingsTable()
    {
        var markdown = About.Render("markdown");

        markdown.Should().Be(
            "# `tap-example`\n\nReads example rows.\n\nVersion: " + AboutInfo.Version + "\n\n"
            + "## Capabilities\n\n* `catalog`\n* `discover`\n* `state`\n\n"
            + "## Settings\n\n| Setting | Type | Required | Default | Description |\n|:--------|:-----|:--------:|:-------:|:------------|\n"
            + "| host | string | yes |  | Server host. |\n"
            + "| password | string | yes |  | Password \\| with a pipe. (secret) |\n"
            + "| port | integer | no | 3306 | Server port. |\n"
            + "| tables | array | no | [\"a\",\"b\"] | Tables to sync. |\n");
    }

    [Theory]
    [InlineData("json")]
    [InlineData("markdown")]
    public void Render_AfterConfigWithSecretIsLoaded_NeverContainsConfigValues(string format)
    {
        var secret = "s3cr3t-" + Guid.NewGuid().ToString("N");
        var host = "db-" + Guid.NewGuid().ToString("N");
        var config = ConfigLoader.Validate(SingerText.Object($$"""{"host": "{{host}}", "password": "{{secret}}", "port": 4406}"""), About.Settings);

        var text = About.Render(format);

        config.GetString("password").Should().Be(secret);
        text.Should().NotContain(secret).And.NotContain(host).And.NotContain("4406");
        text.Should().Contain("password").And.Contain("host").And.Contain("port").And.Contain("tables");
    }

    [Fact]
    public void Render_UnknownFormat_IsAConfigurationError()
    {
        var act = () => About.Render("yaml");

        act.Should().Throw<ConfigurationException>().WithMessage("--format must be json or markdown, not 'yaml'");
    }

    [Fact]
    public void Version_OfTheSdkAssembly_HasThreeParts()
    {
        AboutInfo.Version.Should().MatchRegex(@"^\d+\.\d+\.\d+$");
        AboutInfo.Version.Should().Be(typeof(AboutInfo).Assembly.GetName().Version!.ToString(3));
    }

    [Fact]
    public void CommonSettings_OfEveryTarget_DescribeBatchingValidationAndStreamMaps()
    {
        Target.CommonSettings.Select(s => (s.Name, s.Type, s.Default)).Should().Equal(
            ("batch_size_rows", "integer", (object?)100_000L),
            ("batch_size_bytes", "integer", (object?)(64L * 1024 * 1024)),
            ("validate_records", "boolean", (object?)true),
            ("max_line_bytes", "integer", (object?)(1L << 30)),
            ("batch_config", "object", (object?)null),
            ("stream_maps", "object", (object?)null),
            ("stream_map_config", "object", (object?)null),
            ("flattening_enabled", "boolean", (object?)false),
            ("flattening_max_depth", "integer", (object?)null));
    }
}
