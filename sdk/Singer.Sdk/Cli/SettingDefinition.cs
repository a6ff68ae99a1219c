namespace Singer.Sdk;

/// <summary>One config key an executable understands; drives --about, required-key checks and secret masking.</summary>
public sealed record SettingDefinition(
    string Name,
    string Type,
    string Description,
    bool Required = false,
    bool Secret = false,
    object? Default = null);
