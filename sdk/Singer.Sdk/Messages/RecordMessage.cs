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
    /// Set when the target's <see cref="RecordTranscoder"/> took the record as bytes: its encoding, already checked
    /// against the schema, and <see cref="Record"/> is then empty. Only targets that install a transcoder see this.
    /// </summary>
    public ReadOnlyMemory<byte> Encoded { get; init; }

    /// <summary>
    /// Set when the target's transcoder took the record as values: the top-level values in the order of
    /// <see cref="ValueNames"/> (null for a property the record left out), checked against the schema; <see cref="Record"/>
    /// is then empty.
    /// </summary>
    public object?[]? Values { get; init; }

    /// <summary>The property each place of <see cref="Values"/> holds (shared by every record of the stream).</summary>
    public IReadOnlyList<string>? ValueNames { get; init; }

    /// <summary>Set by a target's reader when the config's stream maps were already applied to the record's bytes (see <c>MappedRecordTranscoder</c>).</summary>
    internal Maps.RecordMapping Mapping { get; init; }

    /// <summary>
    /// True when the config's stream maps were already applied to the record's bytes by the reader's transcoder: the
    /// record is the mapped one (<see cref="Encoded"/>), or was left out by the filter (<see cref="IsTranscoded"/> false).
    /// </summary>
    public bool IsMapped => Mapping != Maps.RecordMapping.None;

    /// <summary>True when the record arrives as <see cref="Encoded"/> bytes or <see cref="Values"/> instead of a dictionary.</summary>
    public bool IsTranscoded => !Encoded.IsEmpty || Values is not null;
}
