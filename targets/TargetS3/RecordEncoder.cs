using System.Buffers;
using Singer.Sdk;

namespace TargetS3;

/// <summary>Turns records into the bytes of a file, one line each. Pure CPU: the caller writes the bytes out asynchronously.</summary>
internal abstract class RecordEncoder
{
    public const string ExtractedAt = "_sdc_extracted_at";
    public const string BatchedAt = "_sdc_batched_at";
    public const string DeletedAt = "_sdc_deleted_at";
    public const string TableVersion = "_sdc_table_version";

    public static readonly string[] MetadataColumns = [ExtractedAt, BatchedAt, DeletedAt];

    /// <param name="added">The columns added after the record's own (<see cref="S3Options.AddedColumns"/>).</param>
    protected RecordEncoder(string[] added)
    {
        Added = added;
    }

    /// <summary>The columns added after the record's own; a record's fields of these names are replaced by them.</summary>
    protected string[] Added { get; }

    /// <summary>Bytes at the start of every file (the CSV header); empty for JSONL.</summary>
    public abstract void WriteHeader(IBufferWriter<byte> output);

    /// <summary>One record as one line, LF-terminated. <paramref name="batchedAt"/> is the RFC 3339 time its batch started.</summary>
    public abstract void WriteRecord(RecordMessage record, string batchedAt, IBufferWriter<byte> output);

    public static RecordEncoder For(S3Options options, SchemaMessage schema) => options.Format switch
    {
        FileFormat.Csv => new CsvRecordEncoder(schema, options.Delimiter, options.QuoteChar, options.AddedColumns),
        _ => new JsonlRecordEncoder(options.AddedColumns),
    };

    /// <summary>
    /// An added column's value: extracted_at from the record, deleted_at if the tap sent one, the table version from
    /// the RECORD (null without one).
    /// </summary>
    public static object? AddedValue(string column, RecordMessage record, string batchedAt) => column switch
    {
        ExtractedAt => record.TimeExtracted,
        BatchedAt => batchedAt,
        DeletedAt => record.Record.GetValueOrDefault(DeletedAt),
        TableVersion => record.Version,
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, "not a column this target adds"),
    };
}
