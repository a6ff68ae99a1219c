using System.Text.RegularExpressions;
using Singer.Sdk;

namespace SingerRun.Project;

/// <summary>
/// A plugin's config as Meltano hands it to the plugin: <c>$VAR</c> and <c>${VAR}</c> in string values replaced from the
/// environment, then <c>&lt;PLUGIN_NAME&gt;_&lt;SETTING&gt;</c> environment variables (name upper-cased, other characters
/// than letters and digits as '_') overriding the settings the project names (config keys and <c>settings:</c>).
/// Values of secret settings are registered so no log line shows them.
/// </summary>
internal static partial class PluginSettings
{
    [GeneratedRegex(@"\$(?:\{(\w+)\}|(\w+))")]
    private static partial Regex Variable();

    [GeneratedRegex("password|passwd|secret|token|private_key|api_key|access_key|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    public static Dictionary<string, object?> Resolve(ProjectPlugin plugin)
    {
        var config = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, value) in plugin.Config)
        {
            config[key] = Expand(value, $"{plugin.Name}'s config key '{key}'");
        }
        foreach (var setting in plugin.Config.Keys.Concat(plugin.Settings.Keys).Distinct(StringComparer.Ordinal).Where(s => !s.Contains('.')))
        {
            var name = plugin.EnvironmentPrefix + ProjectPlugin.EnvironmentName(setting);
            if (Environment.GetEnvironmentVariable(name) is { } text)
            {
                config[setting] = Typed(text, plugin.Settings.GetValueOrDefault(setting)?.Kind, config.GetValueOrDefault(setting), name);
                Log.Info($"{plugin.Name}: config key '{setting}' set from the environment variable {name}");
            }
        }
        RegisterSecrets(plugin, config);
        return config;
    }

    /// <summary>Replaces <c>$VAR</c>/<c>${VAR}</c> in every string under <paramref name="value"/>; an unset variable is empty, as in Meltano, and warned about.</summary>
    public static object? Expand(object? value, string where) => value switch
    {
        string text => Variable().Replace(text, match =>
        {
            var name = match.Groups[1].Success ? match.Groups[1].Value : match.Groups[2].Value;
            if (Environment.GetEnvironmentVariable(name) is { } set)
            {
                return set;
            }
            Log.Warning($"{where}: environment variable {name} is not set; it is replaced by an empty string");
            return "";
        }),
        Dictionary<string, object?> map => map.ToDictionary(p => p.Key, p => Expand(p.Value, where), StringComparer.Ordinal),
        List<object?> list => list.ConvertAll(item => Expand(item, where)),
        _ => value,
    };

    /// <summary>An environment value as the setting's kind (declared, else the kind of the value in the file); text otherwise.</summary>
    private static object? Typed(string text, string? kind, object? current, string variable)
    {
        kind ??= current switch
        {
            bool => "boolean",
            long => "integer",
            Dictionary<string, object?> => "object",
            List<object?> => "array",
            _ => "string",
        };
        switch (kind)
        {
            case "integer" when long.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var integer):
                return integer;
            case "boolean":
                return text.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on" or "t" or "y";
            case "object" or "array":
                try
                {
                    return SingerJson.Parse(text);
                }
                catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or SingerException)
                {
                    throw new ConfigurationException($"environment variable {variable} must be JSON ({kind}): {ex.Message}", ex);
                }
            default:
                return text;
        }
    }

    private static void RegisterSecrets(ProjectPlugin plugin, Dictionary<string, object?> config)
    {
        foreach (var (key, value) in config)
        {
            if (plugin.Settings.GetValueOrDefault(key)?.Sensitive == true || SecretName().IsMatch(key))
            {
                SecretRedactor.Register(value switch
                {
                    string s => s,
                    null => null,
                    _ => SingerJson.Serialize(value),
                });
            }
        }
    }
}
