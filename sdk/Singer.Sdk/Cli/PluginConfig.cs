using System.Globalization;

namespace Singer.Sdk;

/// <summary>
/// The merged config of an executable, read by key with Python-tool leniency: a port may be 3306 or
/// "3306", a flag true or "true", a list a JSON list or a comma-separated string.
/// </summary>
public sealed class PluginConfig
{
    public PluginConfig(Dictionary<string, object?> values)
    {
        Values = values;
    }

    public Dictionary<string, object?> Values { get; }

    public bool Has(string key) => Values.GetValueOrDefault(key) is not null;

    public string? GetString(string key) => Values.GetValueOrDefault(key) switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        var other when ExactNumber.IsNumber(other) => SingerJson.Serialize(other),
        _ => throw Wrong(key, "a string"),
    };

    public string GetRequiredString(string key) =>
        GetString(key) is { Length: > 0 } value ? value : throw new ConfigurationException($"config key '{key}' is required");

    public long? GetLong(string key)
    {
        var value = Values.GetValueOrDefault(key);
        return value switch
        {
            null => null,
            long l => l,
            string s when long.TryParse(s.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ when ExactNumber.IsInteger(value) && ExactNumber.TryToDecimal(value, out var d) && d is >= long.MinValue and <= long.MaxValue => (long)d,
            _ => throw Wrong(key, "an integer"),
        };
    }

    public long GetLong(string key, long defaultValue) => GetLong(key) ?? defaultValue;

    public int GetInt(string key, int defaultValue)
    {
        var value = GetLong(key) ?? defaultValue;
        return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw Wrong(key, "a 32-bit integer");
    }

    public bool GetBool(string key, bool defaultValue) => Values.GetValueOrDefault(key) switch
    {
        null => defaultValue,
        bool b => b,
        string s when s.Trim().ToLowerInvariant() is "true" or "1" or "yes" or "on" => true,
        string s when s.Trim().ToLowerInvariant() is "false" or "0" or "no" or "off" or "" => false,
        long l => l != 0,
        _ => throw Wrong(key, "a boolean"),
    };

    public IReadOnlyList<string> GetStringList(string key) => Values.GetValueOrDefault(key) switch
    {
        null => [],
        string s => s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        List<object?> items when items.TrueForAll(i => i is string) => items.ConvertAll(i => (string)i!),
        _ => throw Wrong(key, "a list of strings"),
    };

    public Dictionary<string, object?>? GetObject(string key) => Values.GetValueOrDefault(key) switch
    {
        null => null,
        Dictionary<string, object?> map => map,
        _ => throw Wrong(key, "an object"),
    };

    private ConfigurationException Wrong(string key, string expected) =>
        new($"config key '{key}' must be {expected}, got {Serialization.MessageFields.Describe(Values.GetValueOrDefault(key))}");
}
