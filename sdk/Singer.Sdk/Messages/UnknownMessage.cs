namespace Singer.Sdk;

/// <summary>A message of a type this version does not know; kept whole so tools can pass it through.</summary>
public sealed record UnknownMessage(string MessageType, Dictionary<string, object?> Fields) : SingerMessage
{
    public override string Type => MessageType;
}
