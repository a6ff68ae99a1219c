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

    /// <summary>A batch's file completes (trailer, last part, the object made visible) while the next batch's file fills.</summary>
    protected override bool CommitsInBackground => true;

    protected override Task CommitStagedAsync(CancellationToken cancellationToken)
    {
        // The file is taken off the sink before anything is awaited: the next record opens the next file (see CommitsInBackground).
        _batchedAt = null;
        return CompleteCurrentAsync(cancellationToken);
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

    /// <summary>Takes the file in progress off the sink at once and completes it (nothing to do when there is none).</summary>
    private Task CompleteCurrentAsync(CancellationToken ct)
    {
        var file = _current;
        _current = null;
        return file is null ? Task.CompletedTask : CompleteAsync(file, ct);
    }

    /// <summary>Completes a file, or aborts it when that fails, so no part of it is ever visible.</summary>
    private async Task CompleteAsync(PartFile file, CancellationToken ct)
    {
        try
        {
            await file.CompleteAsync(ct);
        }
        catch
        {
            await file.AbortAsync();
            throw;
        }
        _target.Completed(file);
    }
}
