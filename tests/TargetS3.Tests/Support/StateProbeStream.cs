using System.Text;

namespace TargetS3.Tests.Support;

/// <summary>The target's stdout in-process: at every line it is given (a STATE), runs a probe before accepting more.</summary>
internal sealed class StateProbeStream : Stream
{
    private readonly Func<string, Task> _onLine;
    private readonly List<byte> _pending = [];

    public StateProbeStream(Func<string, Task> onLine)
    {
        _onLine = onLine;
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

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        foreach (var b in buffer.ToArray())
        {
            if (b != (byte)'\n')
            {
                _pending.Add(b);
                continue;
            }
            var line = Encoding.UTF8.GetString([.. _pending]);
            _pending.Clear();
            await _onLine(line);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("the target writes asynchronously");

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
