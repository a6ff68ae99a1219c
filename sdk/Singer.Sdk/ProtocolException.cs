namespace Singer.Sdk;

/// <summary>
/// A Singer stream that breaks the protocol or its schema at a known place. The message reads
/// <c>line 12: stream 'orders': field 'amount': 1.234 is not a multiple of 0.01</c>.
/// </summary>
public sealed class ProtocolException : SingerException
{
    public ProtocolException(long lineNumber, string what, string? stream = null, string? field = null)
        : base(Describe(lineNumber, what, stream, field))
    {
        LineNumber = lineNumber;
        Stream = stream;
        Field = field;
        What = what;
    }

    public long LineNumber { get; }

    public string? Stream { get; }

    public string? Field { get; }

    /// <summary>The problem alone, without the line/stream/field prefix.</summary>
    public string What { get; }

    private static string Describe(long lineNumber, string what, string? stream, string? field)
    {
        var prefix = lineNumber > 0 ? $"line {lineNumber}: " : "";
        if (stream is not null)
        {
            prefix += $"stream '{stream}': ";
        }
        if (field is not null)
        {
            prefix += $"field '{field}': ";
        }
        return prefix + what;
    }
}
