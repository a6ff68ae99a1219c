using Singer.Sdk;

namespace TargetS3;

/// <summary>
/// One stream's files. Records are written as they arrive into the current part file (a multipart upload in
/// progress); a batch's commit completes it, so every record before a STATE is in a complete object before the
/// STATE is passed on. The next batch starts the next part file.
/// </summary>
internal sealed class S3Sink : Sink
{
    private readonly S3Target _target;
    private readonly RecordEncoder? _encoder; // null for Parquet, which writes columns, not lines
    private PartFile? _current;
    private string? _batchedAt;

    public S3Sink(S3Target target, SchemaMessage schema)
        : base(schema)
    {
        _target = target;
        _encoder = target.Options.Format == FileFormat.Parquet ? null : RecordEncoder.For(target.Options, schema);
    }

    protected override bool StagesRecords => true;

    protected override async ValueTask StageAsync(RecordMessage record, CancellationToken cancellationToken)
    {
        if (_current is not null && IsFull(_current))
        {
            await CompleteCurrentAsync(cancellationToken);
        }
        _batchedAt ??= SingerJson.FormatDateTime(DateTimeOffset.UtcNow);
        _current ??= _encoder is null
            ? await PartFile.OpenParquetAsync(_target.Client, _target.Options, _target.NextKey(Stream), Schema, cancellationToken)
            : await PartFile.OpenAsync(_target.Client, _target.Options, _target.NextKey(Stream), _encoder, cancellationToken);
        await _current.WriteAsync(record, _batchedAt, cancellationToken);
    }

    protected override async Task CommitStagedAsync(CancellationToken cancellationToken)
    {
        if (_current is not null)
        {
            await CompleteCurrentAsync(cancellationToken);
        }
        _batchedAt = null;
    }

    protected override async Task CloseAsync(CancellationToken cancellationToken)
    {
        // The driver drains before it closes, so nothing should be open; if something is, it was never committed.
        await AbortAsync();
        _target.Forget(this);
    }

    /// <summary>Drops the file in progress (its records were never committed, so no STATE covers them).</summary>
    public async Task AbortAsync()
    {
        if (_current is { } file)
        {
            _current = null;
            await file.AbortAsync();
        }
    }

    private bool IsFull(PartFile file) =>
        (_target.Options.MaxFileRows > 0 && file.Rows >= _target.Options.MaxFileRows)
        || (_target.Options.MaxFileBytes > 0 && file.Bytes >= _target.Options.MaxFileBytes);

    private async Task CompleteCurrentAsync(CancellationToken ct)
    {
        var file = _current!;
        try
        {
            await file.CompleteAsync(ct);
        }
        catch
        {
            _current = null;
            await file.AbortAsync();
            throw;
        }
        _current = null;
        _target.Completed(file);
    }
}
