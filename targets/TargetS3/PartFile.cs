using System.Buffers;
using System.IO.Compression;
using Amazon.S3;
using Singer.Sdk;

namespace TargetS3;

/// <summary>One file being written: records encoded, gzipped (by default) and streamed into an <see cref="S3ObjectUpload"/>.</summary>
internal sealed class PartFile
{
    private readonly S3ObjectUpload _upload;
    private readonly GZipStream? _gzip;
    private readonly RecordEncoder _encoder;
    private readonly ArrayBufferWriter<byte> _scratch = new(4096);

    private PartFile(S3ObjectUpload upload, RecordEncoder encoder, bool gzip)
    {
        _upload = upload;
        _encoder = encoder;
        // Fastest is gzip -1: a lake file is written once and read by engines that do not care about the last few percent.
        _gzip = gzip ? new GZipStream(upload, CompressionLevel.Fastest, leaveOpen: true) : null;
    }

    public string Key => _upload.Key;

    public long Rows { get; private set; }

    /// <summary>Bytes before compression, header included (what max_file_bytes counts).</summary>
    public long Bytes { get; private set; }

    /// <summary>Parts uploaded so far.</summary>
    public int UploadedParts => _upload.PartCount;

    public static async Task<PartFile> OpenAsync(IAmazonS3 s3, S3Options options, string key, RecordEncoder encoder, CancellationToken cancellationToken)
    {
        var file = new PartFile(new S3ObjectUpload(s3, options, key), encoder, options.Gzip);
        encoder.WriteHeader(file._scratch);
        await file.WriteScratchAsync(cancellationToken);
        return file;
    }

    public async Task WriteAsync(RecordMessage record, string batchedAt, CancellationToken cancellationToken)
    {
        _encoder.WriteRecord(record, batchedAt, _scratch);
        await WriteScratchAsync(cancellationToken);
        Rows++;
    }

    /// <summary>Finishes the compression and the upload: when this returns the object is in the bucket, whole.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_gzip is not null)
        {
            await _gzip.DisposeAsync(); // writes the gzip trailer into the upload's buffer
        }
        await _upload.CompleteAsync(cancellationToken);
        await _upload.DisposeAsync();
    }

    /// <summary>Drops the file without making it visible. Never throws.</summary>
    public async Task AbortAsync()
    {
        await _upload.AbortAsync();
        if (_gzip is not null)
        {
            try
            {
                await _gzip.DisposeAsync();
            }
            catch (ObjectDisposedException)
            {
                // The upload is already closed to writes: the trailer has nowhere to go, and is not wanted.
            }
        }
        await _upload.DisposeAsync();
    }

    private async Task WriteScratchAsync(CancellationToken ct)
    {
        if (_scratch.WrittenCount == 0)
        {
            return;
        }
        Bytes += _scratch.WrittenCount;
        if (_gzip is not null)
        {
            await _gzip.WriteAsync(_scratch.WrittenMemory, ct);
        }
        else
        {
            await _upload.WriteAsync(_scratch.WrittenMemory, ct);
        }
        _scratch.Clear();
    }
}
