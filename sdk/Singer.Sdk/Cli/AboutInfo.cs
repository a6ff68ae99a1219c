using System.Text;

namespace Singer.Sdk;

/// <summary>
/// What --about prints: name, version, description, capabilities and the settings with their types and
/// defaults. It describes settings, never their values, so no secret can appear in it.
/// </summary>
public sealed record AboutInfo(
    string Name,
    string Description,
    IReadOnlyList<string> Capabilities,
    IReadOnlyList<SettingDefinition> Settings)
{
    /// <summary>Other plugin names whose environment variables <c>--config ENV</c> also reads (a tool this one replaces).</summary>
    public IReadOnlyList<string> EnvironmentAliases { get; init; } = [];

    /// <summary>
    /// Prefixes of the environment variables <c>--config ENV</c> reads, own name first: tap-rest reads
    /// <c>TAP_REST_API_URL</c>, then an alias's <c>TAP_REST_API_MSDK_API_URL</c>.
    /// </summary>
    public IReadOnlyList<string> EnvironmentPrefixes =>
        [.. new[] { Name }.Concat(EnvironmentAliases).Select(name => name.ToUpperInvariant().Replace('-', '_') + "_")];

    public static string Version => typeof(AboutInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public string Render(string format) => format switch
    {
        "json" => SingerJson.Serialize(ToJson(), indented: true),
        "markdown" => ToMarkdown(),
        _ => throw new ConfigurationException($"--format must be json or markdown, not '{format}'"),
    };

    private Dictionary<string, object?> ToJson() => new()
    {
        ["name"] = Name,
        ["description"] = Description,
        ["version"] = Version,
        ["sdk_version"] = Version,
        ["capabilities"] = Capabilities.Cast<object?>().ToList(),
        ["settings"] = new Dictionary<string, object?>
        {
            ["type"] = "object",
            ["properties"] = Settings.ToDictionary(s => s.Name, s => (object?)SettingSchema(s)),
            ["required"] = Settings.Where(s => s.Required).Select(s => (object?)s.Name).ToList(),
        },
    };

    private static Dictionary<string, object?> SettingSchema(SettingDefinition setting)
    {
        var schema = new Dictionary<string, object?> { ["type"] = setting.Type, ["description"] = setting.Description };
        if (setting.Default is not null)
        {
            schema["default"] = setting.Default;
        }
        if (setting.Secret)
        {
            schema["secret"] = true;
            schema["writeOnly"] = true;
        }
        return schema;
    }

    private string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append("# `").Append(Name).Append("`\n\n").Append(Description).Append("\n\nVersion: ").Append(Version).Append("\n\n");
        text.Append("## Capabilities\n\n");
        foreach (var capability in Capabilities)
        {
            text.Append("* `").Append(capability).Append("`\n");
        }
        text.Append("\n## Settings\n\n| Setting | Type | Required | Default | Description |\n|:--------|:-----|:--------:|:-------:|:------------|\n");
        foreach (var s in Settings)
        {
            var description = s.Secret ? s.Description + " (secret)" : s.Description;
            text.Append($"| {s.Name} | {s.Type} | {(s.Required ? "yes" : "no")} | {FormatDefault(s.Default)} | {description.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }
        return text.ToString();
    }

    private static string FormatDefault(object? value) => value is null ? "" : SingerJson.Serialize(value);
}
