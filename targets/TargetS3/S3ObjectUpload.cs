using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using S3Access;
using Singer.Sdk;

namespace TargetS3;

/// <summary>
/// A write-only stream that becomes one S3 object. Bytes are buffered up to one part; when the buffer is full the
/// part is uploaded (the multipart upload is started then), so memory holds one part, never the file. A file that
/// fits in one part is a single PUT. Nothing is visible in the bucket until <see cref="CompleteAsync"/>.
/// </summary>
internal sealed class S3ObjectUpload : Stream
{
    /// <summary>S3's smallest part (every part but the last must be at least this big).</summary>
    public const int MinPartSize = 5 * 1024 * 1024;

    private readonly IAmazonS3 _s3;
    private readonly S3Options _options;
    private readonly int _partSize;
    private readonly MemoryStream _buffer;
    private readonly List<PartETag> _parts = [];
    private string? _uploadId;
    private long _length;
    private bool _finished;

    public S3ObjectUpload(IAmazonS3 s3, S3Options options, string key, int partSize = MinPartSize)
    {
        _s3 = s3;
        _options = options;
        Key = key;
        _partSize = Math.Max(MinPartSize, partSize);
        // Grows as needed rather than reserving a whole part: with many streams open, most files stay small.
        _buffer = new MemoryStream(64 * 1024);
    }

    public string Key { get; }

    /// <summary>Parts uploaded so far (0 while the file still fits in the buffer).</summary>
    public int PartCount => _parts.Count;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_finished;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Append(buffer.Span);
        if (_buffer.Length >= _partSize)
        {
            await UploadBufferedPartAsync(cancellationToken);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Only buffers (compression streams write their trailer synchronously); the next async write or the completion uploads.</summary>
    public override void Write(byte[] buffer, int offset, int count) => Append(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => Append(buffer);

    public override void Flush()
    {
        // Parts are uploaded when full or at completion; there is nothing to flush in between.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Uploads what is buffered and makes the object visible, whole.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        try
        {
            await ExistingObjectGuard.EnsureAbsentAsync(_s3, _options.Bucket, Key, cancellationToken);
            if (_uploadId is null)
            {
                var put = new PutObjectRequest
                {
                    BucketName = _options.Bucket,
                    Key = Key,
                    InputStream = Rewound(),
                    AutoCloseStream = false,
                    UseChunkEncoding = false,
                    ContentType = ContentType,
                    ServerSideEncryptionMethod = _options.EncryptionMethod,
                    ServerSideEncryptionKeyManagementServiceKeyId = _options.EncryptionKeyId,
                    IfNoneMatch = ExistingObjectGuard.IfNoneMatch,
                };
                await _s3.PutObjectAsync(put, cancellationToken);
            }
            else
            {
                if (_buffer.Length > 0)
                {
                    await UploadBufferedPartAsync(cancellationToken);
                }
                await _s3.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
                {
                    BucketName = _options.Bucket,
                    Key = Key,
                    UploadId = _uploadId,
                    PartETags = _parts,
                    IfNoneMatch = ExistingObjectGuard.IfNoneMatch,
                }, cancellationToken);
            }
        }
        catch (AmazonS3Exception ex) when (ExistingObjectGuard.IsTaken(ex))
        {
            throw ExistingObjectGuard.Exists(_options.Bucket, Key);
        }
        catch (Exception ex) when (S3RequestLimits.IsFailure(ex, cancellationToken))
        {
            throw new SingerException($"cannot write s3://{_options.Bucket}/{Key}{Where}: {S3RequestLimits.Describe(ex, _options.Connection)}", ex);
        }
        _finished = true;
        _buffer.SetLength(0);
    }

    /// <summary>Drops the file: aborts the multipart upload, if one was started. Best effort, never throws.</summary>
    public async Task AbortAsync()
    {
        if (_finished)
        {
            return;
        }
        _finished = true;
        _buffer.SetLength(0);
        if (_uploadId is null)
        {
            return; // nothing left the process
        }
        try
        {
            await _s3.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _options.Bucket, Key = Key, UploadId = _uploadId }, CancellationToken.None);
            Log.Info($"aborted the unfinished upload of s3://{_options.Bucket}/{Key}");
        }
        catch (Exception ex)
        {
            // An unfinished upload is never an object; a leftover costs storage (a bucket lifecycle rule removes it), not correctness.
            Log.Warning($"could not abort the unfinished upload of s3://{_options.Bucket}/{Key}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    /// <summary>" at {endpoint}" for an S3-compatible store, so a failure line says which one did not answer.</summary>
    private string Where => _options.EndpointUrl is { } endpoint ? $" at {endpoint}" : "";

    private string ContentType => _options.Format switch
    {
        FileFormat.Parquet => "application/vnd.apache.parquet",
        _ when _options.Gzip => "application/gzip",
        FileFormat.Csv => "text/csv",
        _ => "application/x-ndjson",
    };

    private void Append(ReadOnlySpan<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        _buffer.Write(bytes);
        _length += bytes.Length;
    }

    private MemoryStream Rewound()
    {
        _buffer.Position = 0;
        return _buffer;
    }

    private async Task UploadBufferedPartAsync(CancellationToken ct)
    {
        try
        {
            if (_uploadId is null)
            {
                var start = new InitiateMultipartUploadRequest
                {
                    BucketName = _options.Bucket,
                    Key = Key,
                    ContentType = ContentType,
                    ServerSideEncryptionMethod = _options.EncryptionMethod,
                    ServerSideEncryptionKeyManagementServiceKeyId = _options.EncryptionKeyId,
                };
                _uploadId = (await _s3.InitiateMultipartUploadAsync(start, ct)).UploadId;
            }
            var number = _parts.Count + 1;
            var size = _buffer.Length;
            var response = await _s3.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _options.Bucket,
                Key = Key,
                UploadId = _uploadId,
                PartNumber = number,
                InputStream = Rewound(),
                PartSize = size,
                UseChunkEncoding = false,
            }, ct);
            _parts.Add(new PartETag(number, response.ETag));
        }
        catch (Exception ex) when (S3RequestLimits.IsFailure(ex, ct))
        {
            throw new SingerException($"cannot upload part {_parts.Count + 1} of s3://{_options.Bucket}/{Key}{Where}: {S3RequestLimits.Describe(ex, _options.Connection)}", ex);
        }
        _buffer.SetLength(0);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _buffer.Dispose();
        }
        base.Dispose(disposing);
    }
}
