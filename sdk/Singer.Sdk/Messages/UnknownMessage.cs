namespace Singer.Sdk;

/// <summary>A message of a type this version does not know; kept whole so tools can pass it through.</summary>
public sealed record UnknownMessage(string MessageType, Dictionary<string, object?> Fields) : SingerMessage
{
    public override string Type => MessageType;

    /// <summary>
    /// The Singer type this one differs from only in case or surrounding spaces (<c>record</c> for RECORD), or null. Such a
    /// message is still ignored, as the spec says of unknown types, but it is most likely data being dropped by mistake.
    /// </summary>
    public string? ProbablyMeant => Array.Find(KnownTypes, known => string.Equals(known, MessageType.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The warning for ignoring this message at <paramref name="lineNumber"/>.</summary>
    public string IgnoredWarning(long lineNumber) => ProbablyMeant is { } meant
        ? $"line {lineNumber}: ignoring message of unknown type '{MessageType}' ({meant} was probably meant: message types are case-sensitive)"
        : $"line {lineNumber}: ignoring message of unknown type '{MessageType}'";

    private static readonly string[] KnownTypes = ["RECORD", "SCHEMA", "STATE", "ACTIVATE_VERSION", "BATCH"];
}
