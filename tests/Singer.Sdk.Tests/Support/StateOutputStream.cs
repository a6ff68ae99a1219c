using System.Text;

namespace Singer.Sdk.Tests.Support;

/// <summary>
/// The target's stdout: every complete line written becomes a "state ..." event in the shared list, so a
/// test sees exactly when a state was passed on relative to the sink's batches.
/// </summary>
internal sealed class StateOutputStream : Stream
{
    private readonly List<string> _events;
    private readonly StringBuilder _pending = new();

    public StateOutputStream(List<string> events)
    {
        _events = events;
    }

    public StringBuilder Written { get; } = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => Written.Length;

    public override long Position { get => Written.Length; set => throw new NotSupportedException(); }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var text = Encoding.UTF8.GetString(buffer);
        Written.Append(text);
        _pending.Append(text);
        var all = _pending.ToString();
        var end = all.LastIndexOf('\n');
        if (end < 0)
        {
            return;
        }
        lock (_events) // states may be passed on from a background commit's continuation
        {
            foreach (var line in all[..end].Split('\n'))
            {
                _events.Add("state " + line);
            }
        }
        _pending.Clear().Append(all[(end + 1)..]);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
