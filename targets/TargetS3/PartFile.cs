using System.Buffers;
using System.IO.Compression;
using Amazon.S3;
using Singer.Sdk;

namespace TargetS3;

/// <summary>
/// One file being written and streamed into an <see cref="S3ObjectUpload"/>: either records encoded as lines and
/// gzipped (by default), or a Parquet file written a row group at a time.
/// </summary>
internal sealed class PartFile
{
    private readonly S3ObjectUpload _upload;
    private readonly GZipStream? _gzip;
    private readonly RecordEncoder? _encoder;
    private const int ScratchFlushBytes = 64 * 1024;
    private readonly ArrayBufferWriter<byte> _scratch = new(ScratchFlushBytes + 4096);
    private ParquetFileWriter? _parquet;

    private PartFile(S3ObjectUpload upload, RecordEncoder? encoder, bool gzip)
    {
        _upload = upload;
        _encoder = encoder;
        // Fastest is gzip -1: a lake file is written once and read by engines that do not care about the last few percent.
        _gzip = gzip ? new GZipStream(upload, CompressionLevel.Fastest, leaveOpen: true) : null;
    }

    public string Key => _upload.Key;

    public long Rows { get; private set; }

    /// <summary>
    /// Bytes before compression, header included (what max_file_bytes counts). For Parquet, the bytes of the row
    /// groups written so far: the rows still buffered have no size yet.
    /// </summary>
    public long Bytes
    {
        get => _parquet is null ? _bytes : _upload.Length;
        private set => _bytes = value;
    }

    private long _bytes;

    /// <summary>Parts uploaded so far.</summary>
    public int UploadedParts => _upload.PartCount;

    public static async Task<PartFile> OpenAsync(IAmazonS3 s3, S3Options options, string key, RecordEncoder encoder, CancellationToken cancellationToken)
    {
        var file = new PartFile(new S3ObjectUpload(s3, options, key), encoder, options.Gzip);
        encoder.WriteHeader(file._scratch);
        file.Bytes += file._scratch.WrittenCount;
        return file;
    }

    public static async Task<PartFile> OpenParquetAsync(IAmazonS3 s3, S3Options options, string key, SchemaMessage schema, CancellationToken cancellationToken)
    {
        var file = new PartFile(new S3ObjectUpload(s3, options, key), encoder: null, gzip: false);
        try
        {
            file._parquet = await ParquetFileWriter.CreateAsync(file._upload, options, schema, cancellationToken);
        }
        catch
        {
            await file.AbortAsync();
            throw;
        }
        return file;
    }

    public async Task WriteAsync(RecordMessage record, string batchedAt, CancellationToken cancellationToken)
    {
        if (_parquet is not null)
        {
            await _parquet.WriteAsync(record, batchedAt, cancellationToken);
        }
        else
        {
            var before = _scratch.WrittenCount;
            _encoder!.WriteRecord(record, batchedAt, _scratch);
            Bytes += _scratch.WrittenCount - before;
            // Compressing and uploading in 64 KiB steps, not a record at a time: per-call overhead dominates small writes.
            if (_scratch.WrittenCount >= ScratchFlushBytes)
            {
                await WriteScratchAsync(cancellationToken);
            }
        }
        Rows++;
    }

    /// <summary>Finishes the compression and the upload: when this returns the object is in the bucket, whole.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await WriteScratchAsync(cancellationToken);
        if (_parquet is not null)
        {
            await _parquet.CompleteAsync(cancellationToken); // the last row group and the footer
        }
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
        if (_parquet is not null)
        {
            await _parquet.AbortAsync();
        }
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
