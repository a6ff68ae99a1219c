using System.Net;
using System.Net.Sockets;

namespace Reliability.Tests;

/// <summary>
/// A TCP proxy on loopback in front of a server, private to one test, that can drop out for a while: every open
/// connection is reset and new ones are closed as soon as they arrive, as when the server goes away, then it forwards
/// again. The shared server itself is never touched.
/// </summary>
public sealed class OutageProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _server;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _open = [];
    private readonly TaskCompletionSource _sentEnough = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _enough;
    private long _sent;
    private long _received;
    private long _dropAt = long.MaxValue;
    private TimeSpan _dropOutage;
    private readonly Task _accepting;
    private DateTime _downUntil = DateTime.MinValue;

    /// <param name="serverUrl">The server behind the proxy.</param>
    /// <param name="enough">Bytes clients must have sent through the proxy before <see cref="SentEnough"/> is done.</param>
    public OutageProxy(string serverUrl, long enough = long.MaxValue)
    {
        _server = new Uri(serverUrl);
        _enough = enough;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Bytes the server has sent clients through the proxy so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>Done once clients sent the bytes asked for (past a start-up check, into the uploads).</summary>
    public Task SentEnough => _sentEnough.Task;

    /// <summary>
    /// Drops out for <paramref name="outage"/> by itself the moment the server has sent clients <paramref name="bytes"/>
    /// (a tap reading a small table is done before a test could react: the fault lands at a fixed point of the answer).
    /// </summary>
    public void DropOnceServerSent(long bytes, TimeSpan outage)
    {
        _dropOutage = outage;
        Interlocked.Exchange(ref _dropAt, bytes);
    }

    /// <summary>Resets every open connection and turns new ones away for <paramref name="outage"/>.</summary>
    public void DropFor(TimeSpan outage)
    {
        lock (_open)
        {
            _downUntil = DateTime.UtcNow + outage;
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
            }
            _open.Clear();
        }
    }

    /// <summary>Done when the outage is over.</summary>
    public Task BackAsync()
    {
        lock (_open)
        {
            var left = _downUntil - DateTime.UtcNow;
            return left > TimeSpan.Zero ? Task.Delay(left) : Task.CompletedTask;
        }
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            lock (_open)
            {
                if (DateTime.UtcNow < _downUntil)
                {
                    client.Client.LingerState = new LingerOption(true, 0);
                    client.Dispose();
                    continue;
                }
                _open.Add(client);
            }
            _ = ForwardAsync(client);
        }
    }

    private async Task ForwardAsync(TcpClient client)
    {
        using var server = new TcpClient();
        try
        {
            await server.ConnectAsync(_server.Host, _server.Port, _stop.Token);
            lock (_open)
            {
                _open.Add(server);
            }
            var downstream = client.GetStream();
            var upstream = server.GetStream();
            await Task.WhenAny(CountedCopyAsync(downstream, upstream, fromServer: false), CountedCopyAsync(upstream, downstream, fromServer: true));
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // A dropped connection: the client sees it reset.
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(server);
            }
            client.Dispose();
        }
    }

    private async Task CountedCopyAsync(Stream from, Stream to, bool fromServer)
    {
        var buffer = new byte[16 * 1024];
        for (var read = await from.ReadAsync(buffer, _stop.Token); read > 0; read = await from.ReadAsync(buffer, _stop.Token))
        {
            if (fromServer)
            {
                var received = Interlocked.Add(ref _received, read);
                var dropAt = Interlocked.Read(ref _dropAt);
                if (received >= dropAt && Interlocked.CompareExchange(ref _dropAt, long.MaxValue, dropAt) == dropAt)
                {
                    // Only the bytes up to the mark reach the client: the answer breaks off mid-packet.
                    await to.WriteAsync(buffer.AsMemory(0, read - (int)Math.Min(read, received - dropAt)), _stop.Token);
                    DropFor(_dropOutage);
                    return;
                }
            }
            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            if (!fromServer && Interlocked.Add(ref _sent, read) >= _enough)
            {
                _sentEnough.TrySetResult();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        DropFor(TimeSpan.Zero);
        _stop.Dispose();
    }
}
