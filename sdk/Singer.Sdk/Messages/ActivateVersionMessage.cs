namespace Singer.Sdk;

/// <summary>ACTIVATE_VERSION: rows of <paramref name="Stream"/> with an older version may be dropped.</summary>
public sealed record ActivateVersionMessage(string Stream, long Version) : SingerMessage
{
    public override string Type => "ACTIVATE_VERSION";
}
