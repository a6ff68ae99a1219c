namespace TargetS3;

internal enum FileFormat
{
    Jsonl,
    Csv,
    Parquet,
}
