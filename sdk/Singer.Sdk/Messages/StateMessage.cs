namespace Singer.Sdk;

/// <summary>STATE: the bookmark object a rerun starts from.</summary>
public sealed record StateMessage(Dictionary<string, object?> Value) : SingerMessage
{
    public override string Type => "STATE";
}
