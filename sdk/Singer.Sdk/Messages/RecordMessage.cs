namespace Singer.Sdk;

/// <summary>RECORD: one row of a stream. <see cref="TimeExtracted"/> stays the RFC 3339 text it arrived as.</summary>
public sealed record RecordMessage(
    string Stream,
    Dictionary<string, object?> Record,
    long? Version = null,
    string? TimeExtracted = null) : SingerMessage
{
    public override string Type => "RECORD";
}
