namespace TargetPostgres;

/// <summary>
/// The binary COPY data of a batch that has no connection yet (see <see cref="StagingConnections"/>): in memory while
/// it is small (most batches of a run with many small streams never touch the disk), once it grows in a temporary
/// file that has no name (unlinked as soon as it is opened, so even a killed run leaves none). Write-only until <see cref="CopyToAsync(Stream, CancellationToken)"/> replays it.
/// </summary>
internal sealed class SpillBuffer : Stream
{
    /// <summary>More than the row writer's flush size, so a batch that flushes once has gone to disk.</summary>
    private const int MemoryBytes = 64 * 1024;

    private MemoryStream? _memory = new();
    private FileStream? _file;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _file?.Length ?? _memory!.Length;

    public override long Position
    {
        get => Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_file is null && _memory!.Length + buffer.Length <= MemoryBytes)
        {
            _memory.Write(buffer);
            return;
        }
        Disk.Write(buffer);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_file is null && _memory!.Length + buffer.Length <= MemoryBytes)
        {
            _memory.Write(buffer.Span);
            return;
        }
        await Disk.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Everything written, from the start, into <paramref name="destination"/>.</summary>
    public override Task CopyToAsync(Stream destination, int bufferSize, CancellationToken cancellationToken) =>
        ReplayAsync(destination.WriteAsync, cancellationToken);

    /// <summary>Everything written, from the start, handed to <paramref name="write"/> a piece at a time.</summary>
    public async Task ReplayAsync(Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> write, CancellationToken cancellationToken)
    {
        if (_file is null)
        {
            await write(_memory!.GetBuffer().AsMemory(0, (int)_memory.Length), cancellationToken);
            return;
        }
        await _file.FlushAsync(cancellationToken);
        _file.Position = 0;
        var piece = new byte[1 << 17];
        int read;
        while ((read = await _file.ReadAsync(piece, cancellationToken)) > 0)
        {
            await write(piece.AsMemory(0, read), cancellationToken);
        }
    }

    private FileStream Disk
    {
        get
        {
            if (_file is null)
            {
                var path = Path.Combine(Path.GetTempPath(), $"target-postgres-{Guid.NewGuid():N}.copy");
                _file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                // Unlinked at once: the open file lives until it is closed, and a run killed with SIGKILL leaves nothing behind.
                File.Delete(path);
                _file.Write(_memory!.GetBuffer().AsSpan(0, (int)_memory.Length));
                _memory = null;
            }
            return _file;
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file?.Dispose();
            _file = null;
            _memory = null;
        }
        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync();
            _file = null;
        }
        _memory = null;
        await base.DisposeAsync();
    }
}
