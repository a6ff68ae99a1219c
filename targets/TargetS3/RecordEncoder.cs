using System.Buffers;
using Singer.Sdk;

namespace TargetS3;

/// <summary>Turns records into the bytes of a file, one line each. Pure CPU: the caller writes the bytes out asynchronously.</summary>
internal abstract class RecordEncoder
{
    public const string ExtractedAt = "_sdc_extracted_at";
    public const string BatchedAt = "_sdc_batched_at";
    public const string DeletedAt = "_sdc_deleted_at";

    public static readonly string[] MetadataColumns = [ExtractedAt, BatchedAt, DeletedAt];

    protected RecordEncoder(bool addMetadata)
    {
        AddMetadata = addMetadata;
    }

    protected bool AddMetadata { get; }

    /// <summary>Bytes at the start of every file (the CSV header); empty for JSONL.</summary>
    public abstract void WriteHeader(IBufferWriter<byte> output);

    /// <summary>One record as one line, LF-terminated. <paramref name="batchedAt"/> is the RFC 3339 time its batch started.</summary>
    public abstract void WriteRecord(RecordMessage record, string batchedAt, IBufferWriter<byte> output);

    public static RecordEncoder For(S3Options options, SchemaMessage schema) => options.Format switch
    {
        FileFormat.Csv => new CsvRecordEncoder(schema, options.Delimiter, options.QuoteChar, options.AddMetadataColumns),
        _ => new JsonlRecordEncoder(options.AddMetadataColumns),
    };

    /// <summary>The metadata columns' values: extracted_at from the record, deleted_at if the tap sent one.</summary>
    protected static object?[] MetadataValues(RecordMessage record, string batchedAt) =>
        [record.TimeExtracted, batchedAt, record.Record.GetValueOrDefault(DeletedAt)];
}
