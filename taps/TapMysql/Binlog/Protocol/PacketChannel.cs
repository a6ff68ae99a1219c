using System.Net.Sockets;

namespace TapMysql.Binlog.Protocol;

/// <summary>
/// MySQL packets over a socket: a 3-byte length and a sequence number before each payload, payloads of
/// 16 MiB - 1 or more continued in following packets (https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_basic_packets.html).
/// Reads are buffered, so a packet that fits the buffer is handed out as a slice of it without a copy; every
/// wait on the socket is bounded by the read timeout.
/// </summary>
internal sealed class PacketChannel : IDisposable
{
    private const int MaxPayload = 0xFFFFFF;

    private Stream _stream;
    private readonly string _endpoint;
    private byte[] _buffer = new byte[1 << 17];
    private int _start;
    private int _end;
    private byte[] _assembled = [];
    private byte _sequence;

    public PacketChannel(Stream stream, TimeSpan readTimeout, string endpoint)
    {
        _stream = stream;
        ReadTimeout = readTimeout;
        _endpoint = endpoint;
    }

    /// <summary>The longest wait for the server: connect_timeout during the greeting, read_timeout after.</summary>
    public TimeSpan ReadTimeout { get; set; }

    /// <summary>Names the setting that bounds <see cref="ReadTimeout"/>, for the timeout message.</summary>
    public string ReadTimeoutName { get; set; } = "read_timeout";

    /// <summary>The connection, for wrapping it in TLS.</summary>
    public Stream Stream => _stream;

    /// <summary>Continues on <paramref name="stream"/> (the connection wrapped in TLS); nothing may be buffered from the old one.</summary>
    public void ReplaceStream(Stream stream)
    {
        if (_end != _start)
        {
            throw new InvalidOperationException("bytes from before the TLS upgrade are still buffered");
        }
        _stream = stream;
    }

    /// <summary>Commands start a new sequence at 0.</summary>
    public void ResetSequence() => _sequence = 0;

    /// <summary>The next payload, joined when split over several packets; valid until the next read.</summary>
    public async ValueTask<ReadOnlyMemory<byte>> ReadAsync(string doing, CancellationToken cancellationToken)
    {
        var length = await ReadHeaderAsync(doing, cancellationToken);
        if (length < MaxPayload)
        {
            await FillAsync(length, doing, cancellationToken);
            var payload = _buffer.AsMemory(_start, length);
            _start += length;
            return payload;
        }
        var total = 0;
        while (true)
        {
            if (_assembled.Length < total + length)
            {
                Array.Resize(ref _assembled, Math.Max(_assembled.Length * 2, total + length));
            }
            await CopyPayloadAsync(_assembled.AsMemory(total, length), doing, cancellationToken);
            total += length;
            if (length < MaxPayload)
            {
                return _assembled.AsMemory(0, total);
            }
            length = await ReadHeaderAsync(doing, cancellationToken);
        }
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        // Commands here are small; a payload of 16 MiB or more would need splitting, which nothing sends.
        var packet = new byte[payload.Length + 4];
        packet[0] = (byte)payload.Length;
        packet[1] = (byte)(payload.Length >> 8);
        packet[2] = (byte)(payload.Length >> 16);
        packet[3] = _sequence++;
        payload.CopyTo(packet.AsMemory(4));
        try
        {
            await _stream.WriteAsync(packet, cancellationToken);
        }
        catch (IOException ex)
        {
            throw new BinlogProtocolException($"MySQL at {_endpoint} connection failed while sending a command: {ex.Message}", ex);
        }
    }

    public void Dispose() => _stream.Dispose();

    private async ValueTask<int> ReadHeaderAsync(string doing, CancellationToken cancellationToken)
    {
        await FillAsync(4, doing, cancellationToken);
        var length = _buffer[_start] | _buffer[_start + 1] << 8 | _buffer[_start + 2] << 16;
        _sequence = (byte)(_buffer[_start + 3] + 1);
        _start += 4;
        return length;
    }

    /// <summary>Copies a payload that may be larger than the buffer: what is buffered first, the rest straight from the socket.</summary>
    private async ValueTask CopyPayloadAsync(Memory<byte> target, string doing, CancellationToken cancellationToken)
    {
        var buffered = Math.Min(_end - _start, target.Length);
        _buffer.AsMemory(_start, buffered).CopyTo(target);
        _start += buffered;
        var copied = buffered;
        while (copied < target.Length)
        {
            copied += await ReceiveAsync(target[copied..], doing, cancellationToken);
        }
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available from <c>_start</c>.</summary>
    private async ValueTask FillAsync(int count, string doing, CancellationToken cancellationToken)
    {
        if (_end - _start >= count)
        {
            return;
        }
        if (_buffer.Length < count)
        {
            var larger = new byte[Math.Max(_buffer.Length * 2, count)];
            _buffer.AsSpan(_start, _end - _start).CopyTo(larger);
            _buffer = larger;
            _end -= _start;
            _start = 0;
        }
        else if (_buffer.Length - _start < count)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }
        while (_end - _start < count)
        {
            _end += await ReceiveAsync(_buffer.AsMemory(_end), doing, cancellationToken);
        }
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> target, string doing, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadTimeout);
        int received;
        try
        {
            received = await _stream.ReadAsync(target, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BinlogProtocolException($"MySQL at {_endpoint} did not answer within {ReadTimeoutName} {ReadTimeout.TotalSeconds:0} s while {doing}");
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            throw new BinlogProtocolException($"MySQL at {_endpoint} connection failed while {doing}: {ex.Message}", ex);
        }
        return received > 0 ? received : throw new BinlogProtocolException($"MySQL at {_endpoint} closed the connection while {doing}");
    }
}
