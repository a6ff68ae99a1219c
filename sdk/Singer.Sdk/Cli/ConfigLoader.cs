namespace Singer.Sdk;

/// <summary>
/// Loads one or more --config files and merges them in order, later files winning key by key (as the
/// Meltano SDK does). Registers secret values for masking and checks required keys.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The --config value that reads settings from environment variables instead of a file (as the Meltano SDK).</summary>
    public const string Environment = "ENV";

    public static Task<PluginConfig> LoadAsync(
        IEnumerable<string> paths,
        IReadOnlyList<SettingDefinition> settings,
        CancellationToken cancellationToken = default) =>
        LoadAsync(paths, settings, [], cancellationToken);

    /// <summary>
    /// Loads <paramref name="paths"/> in order; a path <c>ENV</c> stands for the environment variables named
    /// <c>&lt;PREFIX&gt;&lt;SETTING&gt;</c> for each of <paramref name="environmentPrefixes"/> (the first prefix wins).
    /// </summary>
    public static async Task<PluginConfig> LoadAsync(
        IEnumerable<string> paths,
        IReadOnlyList<SettingDefinition> settings,
        IReadOnlyList<string> environmentPrefixes,
        CancellationToken cancellationToken = default)
    {
        if (!paths.Any())
        {
            throw new ConfigurationException("--config is required");
        }
        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var values = path == Environment && environmentPrefixes.Count > 0
                ? EnvironmentConfig.Read(settings, environmentPrefixes)
                : await SingerJson.ReadObjectFileAsync(path, "config", cancellationToken);
            foreach (var (key, value) in values)
            {
                merged[key] = value;
            }
        }
        return Validate(merged, settings);
    }

    public static PluginConfig Validate(Dictionary<string, object?> values, IReadOnlyList<SettingDefinition> settings)
    {
        RegisterSecrets(values, settings);
        WarnUnknownKeys(values, settings);
        var missing = settings.Where(s => s.Required && values.GetValueOrDefault(s.Name) is null).Select(s => s.Name).ToList();
        if (missing.Count > 0)
        {
            throw new ConfigurationException($"config is missing required key{(missing.Count > 1 ? "s" : "")}: {string.Join(", ", missing)}");
        }
        return new PluginConfig(values);
    }

    /// <summary>
    /// Secret values are masked wherever they are printed; for a secret object or list (api_keys, stream_map_config)
    /// every text or number inside it. One equal to another setting's value (a password that is also the user name) is
    /// not: that value is printed as the other setting anyway, and masking it would only garble every line that names
    /// the user.
    /// </summary>
    private static void RegisterSecrets(Dictionary<string, object?> values, IReadOnlyList<SettingDefinition> settings)
    {
        var secretKeys = settings.Where(s => s.Secret).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        var shown = values.Where(v => !secretKeys.Contains(v.Key)).Select(v => AsText(v.Value)).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var key in secretKeys)
        {
            foreach (var secret in Leaves(values.GetValueOrDefault(key)))
            {
                if (!shown.Contains(secret))
                {
                    SecretRedactor.Register(secret);
                }
            }
        }
    }

    private static IEnumerable<string> Leaves(object? value) => value switch
    {
        Dictionary<string, object?> map => map.Values.SelectMany(Leaves),
        List<object?> list => list.SelectMany(Leaves),
        _ => AsText(value) is { } text ? [text] : [],
    };

    /// <summary>A config value as it would be printed or used as text (a numeric password is still a password).</summary>
    private static string? AsText(object? value) => value switch
    {
        string s => s,
        _ when ExactNumber.IsNumber(value) => SingerJson.Serialize(value),
        _ => null,
    };

    /// <summary>A key no setting has is ignored, so a typo (<c>batch_size_row</c>) would silently keep the default: say so.</summary>
    private static void WarnUnknownKeys(Dictionary<string, object?> values, IReadOnlyList<SettingDefinition> settings)
    {
        var known = settings.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var key in values.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal))
        {
            var hint = ClosestName.Find(key, known) is { } closest ? $"; did you mean '{closest}'?" : " (see --about for the settings)";
            Log.Warning($"config key '{key}' is not a known setting and is ignored{hint}");
        }
    }
}
