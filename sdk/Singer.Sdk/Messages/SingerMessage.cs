namespace Singer.Sdk;

/// <summary>One line of a Singer stream. The concrete types mirror the protocol's message types.</summary>
public abstract record SingerMessage
{
    /// <summary>The protocol's <c>type</c> field: SCHEMA, RECORD, STATE, ACTIVATE_VERSION, BATCH.</summary>
    public abstract string Type { get; }
}
