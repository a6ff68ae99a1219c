namespace Singer.Sdk;

/// <summary>Bad flags, a missing or malformed config/catalog/state file, a missing required setting: exit 2.</summary>
public sealed class ConfigurationException : SingerException
{
    public ConfigurationException(string message, Exception? inner = null) : base(message, inner)
    {
    }

    public override int ExitCode => ExitCodes.BadUsage;
}
