namespace TargetRedshift;

/// <summary>
/// The files one batch was uploaded as. Every key starts with <see cref="KeyPrefix"/> and no other object
/// does, so <c>COPY ... FROM 's3://bucket/prefix'</c> loads exactly these files.
/// </summary>
internal sealed record S3Batch(string Bucket, string KeyPrefix, IReadOnlyList<StagedFile> Files)
{
    public string Location => $"s3://{Bucket}/{KeyPrefix}";

    public int Rows => Files.Sum(f => f.Rows);
}
