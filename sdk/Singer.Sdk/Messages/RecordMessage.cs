namespace Singer.Sdk;

/// <summary>RECORD: one row of a stream. <see cref="TimeExtracted"/> stays the RFC 3339 text it arrived as.</summary>
public sealed record RecordMessage(
    string Stream,
    Dictionary<string, object?> Record,
    long? Version = null,
    string? TimeExtracted = null) : SingerMessage
{
    public override string Type => "RECORD";

    /// <summary>
    /// Set when the target's <see cref="RecordTranscoder"/> took the record: its encoded bytes, already checked against
    /// the schema, and <see cref="Record"/> is then empty. Only targets that install a transcoder ever see this.
    /// </summary>
    public ReadOnlyMemory<byte> Encoded { get; init; }

    /// <summary>True when the record arrives as <see cref="Encoded"/> bytes instead of a dictionary.</summary>
    public bool IsEncoded => !Encoded.IsEmpty;
}
