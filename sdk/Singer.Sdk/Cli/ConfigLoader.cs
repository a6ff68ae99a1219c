namespace Singer.Sdk;

/// <summary>
/// Loads one or more --config files and merges them in order, later files winning key by key (as the
/// Meltano SDK does). Registers secret values for masking and checks required keys.
/// </summary>
public static class ConfigLoader
{
    public static async Task<PluginConfig> LoadAsync(
        IEnumerable<string> paths,
        IReadOnlyList<SettingDefinition> settings,
        CancellationToken cancellationToken = default)
    {
        if (!paths.Any())
        {
            throw new ConfigurationException("--config is required");
        }
        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            foreach (var (key, value) in await SingerJson.ReadObjectFileAsync(path, "config", cancellationToken))
            {
                merged[key] = value;
            }
        }
        return Validate(merged, settings);
    }

    public static PluginConfig Validate(Dictionary<string, object?> values, IReadOnlyList<SettingDefinition> settings)
    {
        foreach (var setting in settings.Where(s => s.Secret))
        {
            if (values.GetValueOrDefault(setting.Name) is string secret)
            {
                SecretRedactor.Register(secret);
            }
        }
        var missing = settings.Where(s => s.Required && values.GetValueOrDefault(s.Name) is null).Select(s => s.Name).ToList();
        if (missing.Count > 0)
        {
            throw new ConfigurationException($"config is missing required key{(missing.Count > 1 ? "s" : "")}: {string.Join(", ", missing)}");
        }
        return new PluginConfig(values);
    }
}
