namespace Singer.Sdk;

/// <summary>
/// Settings from environment variables, for <c>--config ENV</c> as in the Meltano SDK: <c>TAP_REST_API_URL</c> sets
/// <c>api_url</c>. Array and object settings are JSON text; others stay text and are read leniently like config values.
/// Only declared settings are read, so unrelated variables sharing the prefix are never taken for config.
/// </summary>
internal static class EnvironmentConfig
{
    public static Dictionary<string, object?> Read(IReadOnlyList<SettingDefinition> settings, IReadOnlyList<string> prefixes)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var setting in settings)
        {
            // Later prefixes are aliases: the executable's own name is read last so that it wins.
            foreach (var prefix in prefixes.Reverse())
            {
                var name = prefix + setting.Name.ToUpperInvariant();
                if (System.Environment.GetEnvironmentVariable(name) is { } text)
                {
                    values[setting.Name] = Parse(name, text, setting.Type);
                }
            }
        }
        if (values.Count == 0)
        {
            Log.Warning($"--config ENV: no environment variable {string.Join(" or ", prefixes.Select(p => p + "<SETTING>"))} is set");
        }
        return values;
    }

    private static object? Parse(string name, string text, string type)
    {
        if (type is not ("array" or "object"))
        {
            return text;
        }
        object? parsed;
        try
        {
            parsed = SingerJson.Parse(text);
        }
        catch (Exception ex) when (ex is SingerException or System.Text.Json.JsonException or FormatException)
        {
            throw new ConfigurationException($"environment variable {name} must be a JSON {type}: {ex.Message}", ex);
        }
        return (type, parsed) switch
        {
            ("array", List<object?>) or ("object", Dictionary<string, object?>) => parsed,
            _ => throw new ConfigurationException($"environment variable {name} must be a JSON {type}"),
        };
    }
}
