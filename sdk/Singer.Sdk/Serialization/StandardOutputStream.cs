using System.Runtime.InteropServices;

namespace Singer.Sdk.Serialization;

/// <summary>
/// Standard output as a stream that fails when the reader has gone. The runtime ignores SIGPIPE, so a write to a
/// closed pipe gets EPIPE, and <c>Console.OpenStandardOutput()</c> drops that error silently: a tap would go on
/// reading a whole table into the void and exit 0. This writes to fd 1 itself and turns EPIPE into
/// <see cref="OutputClosedException"/>. Writes are synchronous, as the console stream's are: a pipe has no
/// asynchronous writes on Linux, and a thread switch per 64 KiB buffer buys nothing.
/// <para>
/// Writes go through write(2), never a FileStream: over a regular file a FileStream writes at offsets it tracks itself
/// (pwrite) and never moves the file offset fd 1 shares with others, so with <c>&gt; out 2&gt;&amp;1</c> the log lines
/// overwrote the records, and in <c>{ echo a; tap; echo b; } &gt; out</c> the last line overwrote them.
/// </para>
/// </summary>
internal sealed partial class StandardOutputStream : Stream
{
    private const int StandardOutput = 1;
    private const int Interrupted = 4; // EINTR
    private const int WouldBlock = 11; // EAGAIN: fd 1 inherited in non-blocking mode
    private const int BrokenPipe = 32; // EPIPE

    private StandardOutputStream()
    {
    }

    public static Stream Open()
    {
        if (OperatingSystem.IsWindows())
        {
            return Console.OpenStandardOutput();
        }
        // fd 1 is never closed here: the runtime's own console writers share it.
        return new StandardOutputStream();
    }

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            var written = 0;
            while (written < buffer.Length)
            {
                var count = SystemWrite(StandardOutput, start + written, buffer.Length - written);
                if (count >= 0)
                {
                    written += (int)count;
                    continue;
                }
                var errno = Marshal.GetLastSystemError();
                if (errno == Interrupted)
                {
                    continue;
                }
                if (errno == WouldBlock)
                {
                    Thread.Sleep(1);
                    continue;
                }
                var error = new IOException($"writing to standard output failed: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
                throw errno == BrokenPipe ? new OutputClosedException(error) : error;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint SystemWrite(int fd, byte* buffer, nint count);

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
