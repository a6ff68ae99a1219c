using Parquet;
using Parquet.Schema;
using Singer.Sdk;

namespace TargetS3;

/// <summary>
/// One Parquet column of the row group being buffered: values are converted as they arrive (so a value that cannot be
/// stored fails at its record) and written column by column when the row group is full.
/// </summary>
internal abstract class ParquetColumn
{
    protected ParquetColumn(string stream, string name)
    {
        Stream = stream;
        Name = name;
    }

    public string Stream { get; }

    public string Name { get; }

    public abstract DataField Field { get; }

    /// <summary>Appends one row's value (null for a missing property).</summary>
    public abstract void Add(object? value);

    /// <summary>Takes back the last value appended (a row whose later field was refused must not stay half-added).</summary>
    public abstract void RemoveLast();

    /// <summary>Writes the buffered values as this column of <paramref name="rowGroup"/> and empties the buffer.</summary>
    public abstract Task WriteAsync(ParquetRowGroupWriter rowGroup, CancellationToken cancellationToken);

    /// <summary>A one-line error naming the stream and the field, so the operator knows which schema to fix.</summary>
    /// <remarks>Line 0: the SDK's driver, which knows the record's line, adds it.</remarks>
    protected ProtocolException Invalid(string why) => new(0, why, Stream, Name);
}
