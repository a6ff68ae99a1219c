namespace Singer.Sdk;

/// <summary>BATCH (Meltano's spec): records of <paramref name="Stream"/> stored in files listed by URI.</summary>
public sealed record BatchMessage(string Stream, BatchEncoding Encoding, IReadOnlyList<string> Manifest) : SingerMessage
{
    public override string Type => "BATCH";
}

/// <summary>How the files of a BATCH message are written: <c>format</c> jsonl, <c>compression</c> gzip or none.</summary>
public sealed record BatchEncoding(string Format, string? Compression);
