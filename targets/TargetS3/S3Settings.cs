using Singer.Sdk;

namespace TargetS3;

/// <summary>target-s3's config keys (the names of the Meltano and pipelinewise S3 targets where they exist).</summary>
internal static class S3Settings
{
    public const string DefaultNamingConvention = "{stream}/{date}/{stream}-{timestamp}-{run_id}-{part}.{ext}";

    public static AboutInfo About { get; } = new(
        "target-s3",
        "Singer target for Amazon S3 and S3-compatible stores: one JSONL, CSV or Parquet file per stream and batch, gzip by default, streamed as a multipart upload.",
        ["about", "validate-records", "batch"],
        [
            new("s3_bucket", "string", "Bucket the files are written to.", Required: true),
            new("s3_key_prefix", "string", "Folder every key starts with."),
            new("naming_convention", "string", "Key of each file; tokens {stream} (with '/', '\\', '%', control characters and all-dot names percent-encoded), {date} (yyyy-MM-dd UTC), {timestamp} (yyyyMMddTHHmmss UTC of the run start), {run_id} (12 random hex digits, one per run), {part} (1, 2, ... per stream and run), {uuid}, {ext}. An existing object is never replaced: the run fails instead.", Default: DefaultNamingConvention),
            new("format", "string", "jsonl, csv or parquet (typed columns from the SCHEMA; objects and arrays as JSON text).", Default: "jsonl"),
            new("compression", "string", "gzip or none; for parquet, the GZIP codec inside the file.", Default: "gzip"),
            new("delimiter", "string", "CSV field delimiter (one character).", Default: ","),
            new("quotechar", "string", "CSV quote character (one character).", Default: "\""),
            new("max_file_rows", "integer", "Start the next part file after this many records (0: no limit)."),
            new("max_file_bytes", "integer", "Start the next part file after this many uncompressed bytes (0: no limit); for parquet, bytes of finished row groups."),
            new("manifest", "boolean", "After the run, write <prefix>manifest-<timestamp>-<run_id>.json listing every file in the Redshift COPY manifest format.", Default: false),
            new("aws_access_key_id", "string", "Access key; without it, aws_profile or the SDK's default chain."),
            new("aws_secret_access_key", "string", "Secret key.", Secret: true),
            new("aws_session_token", "string", "Session token of temporary credentials.", Secret: true),
            new("aws_profile", "string", "Profile of the AWS credentials or config file."),
            new("region", "string", "Bucket region."),
            .. S3Access.S3RequestLimits.Settings,
            new("encryption", "string", "Server-side encryption: SSE-S3 or SSE-KMS."),
            new("kms_key_id", "string", "KMS key for SSE-KMS (else the bucket's default key)."),
            new("add_metadata_columns", "boolean", "Add _sdc_extracted_at, _sdc_batched_at and _sdc_deleted_at to every record.", Default: false),
            new("add_table_version_column", "boolean", "Add _sdc_table_version (the RECORD's version) to every record, last.", Default: false),
            .. Target.CommonSettings,
        ]);
}
