using Microsoft.Win32.SafeHandles;

namespace Singer.Sdk.Serialization;

/// <summary>
/// Standard output as a stream that fails when the reader has gone. The runtime ignores SIGPIPE, so a write to a
/// closed pipe gets EPIPE, and <c>Console.OpenStandardOutput()</c> drops that error silently: a tap would go on
/// reading a whole table into the void and exit 0. This writes to fd 1 itself and turns EPIPE into
/// <see cref="OutputClosedException"/>. Writes are synchronous, as the console stream's are: a pipe has no
/// asynchronous writes on Linux, and a thread switch per 64 KiB buffer buys nothing.
/// </summary>
internal sealed class StandardOutputStream : Stream
{
    private readonly SafeFileHandle _handle;
    private readonly FileStream _inner;

    private StandardOutputStream(SafeFileHandle handle)
    {
        _handle = handle;
        _inner = new FileStream(handle, FileAccess.Write, bufferSize: 0);
    }

    public static Stream Open()
    {
        if (OperatingSystem.IsWindows())
        {
            return Console.OpenStandardOutput();
        }
        // Not owned: disposing the stream must not close fd 1, which the runtime's own console writers share.
        return new StandardOutputStream(new SafeFileHandle(1, ownsHandle: false));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        try
        {
            _inner.Write(buffer);
        }
        catch (IOException ex) when (OutputClosedException.IsBrokenPipe(ex))
        {
            throw new OutputClosedException(ex);
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        // Unbuffered: every write has reached the pipe.
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
            _handle.Dispose();
        }
        base.Dispose(disposing);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
