using System.Text.RegularExpressions;

namespace Release.Tests;

/// <summary>catalogs/meltano-plugins.yml stays true: each plugin's settings are exactly its executable's, in --about's order, secrets sensitive.</summary>
public sealed partial class MeltanoPluginsTests
{
    public static TheoryData<string> Plugins => ["tap-mysql", "tap-rest", "target-postgres", "target-duckdb", "target-s3", "target-redshift", "singer-map"];

    [Theory]
    [MemberData(nameof(Plugins))]
    public async Task PluginDefinition_MatchesTheExecutablesAbout(string name)
    {
        var about = await Executable.RunAsync(name, ["--about", "--format", "json"]);
        about.ExitCode.Should().Be(0, about.Stderr);
        var settings = JsonNode.Parse(about.Stdout)!["settings"]!["properties"]!.AsObject();

        var plugin = Definitions()[name];

        plugin.Select(s => s.Name).Should().Equal(settings.Select(s => s.Key));
        plugin.Where(s => s.Sensitive).Select(s => s.Name).Should().BeEquivalentTo(
            settings.Where(s => s.Value!["secret"]?.GetValue<bool>() == true).Select(s => s.Key));
    }

    /// <summary>Each plugin's settings (name, sensitive) as the file lists them, read line by line as the file is laid out.</summary>
    private static Dictionary<string, List<(string Name, bool Sensitive)>> Definitions()
    {
        var plugins = new Dictionary<string, List<(string Name, bool Sensitive)>>(StringComparer.Ordinal);
        List<(string Name, bool Sensitive)>? current = null;
        foreach (var line in File.ReadLines(Path.Combine(Executable.RepoRoot, "catalogs", "meltano-plugins.yml")))
        {
            if (PluginLine().Match(line) is { Success: true } plugin)
            {
                plugins[plugin.Groups[1].Value] = current = [];
            }
            else if (SettingLine().Match(line) is { Success: true } setting && current is not null)
            {
                current.Add((setting.Groups[1].Value, false));
            }
            else if (line == "    mappings:")
            {
                current = null; // a mapper's named configs follow its settings
            }
            else if (line == "      sensitive: true" && current is { Count: > 0 })
            {
                current[^1] = (current[^1].Name, true);
            }
        }
        return plugins;
    }

    [GeneratedRegex("^  - name: (\\S+)$")]
    private static partial Regex PluginLine();

    [GeneratedRegex("^    - name: (\\S+)$")]
    private static partial Regex SettingLine();
}
