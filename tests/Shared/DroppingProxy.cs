using System.Net;
using System.Net.Sockets;

namespace SingerNet.Tests;

/// <summary>
/// A loopback TCP proxy to a real server that closes the connections whose numbers (1 for the first accepted) it was
/// told to drop as soon as they arrive, and forwards every other one both ways: a server restarting, or a network
/// dropping a connection, at one chosen moment of a client's run.
/// </summary>
public sealed class DroppingProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly HashSet<int> _drop;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _accepted;

    public DroppingProxy(string host, int port, params int[] drop)
    {
        _host = host;
        _port = port;
        _drop = [.. drop];
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections reached it so far, dropped ones included.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                var number = Interlocked.Increment(ref _accepted);
                if (_drop.Contains(number))
                {
                    client.Close(0);
                    continue;
                }
                lock (_connections)
                {
                    _connections.Add(ForwardAsync(client));
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private async Task ForwardAsync(Socket client)
    {
        using var server = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using (client)
        {
            try
            {
                await server.ConnectAsync(_host, _port, _stop.Token);
                await using var toServer = new NetworkStream(server, ownsSocket: false);
                await using var toClient = new NetworkStream(client, ownsSocket: false);
                await Task.WhenAny(toServer.CopyToAsync(toClient, _stop.Token), toClient.CopyToAsync(toServer, _stop.Token));
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                // One side went away: the other is closed with it.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }
        await Task.WhenAll(open);
        _stop.Dispose();
    }
}
