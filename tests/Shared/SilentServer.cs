using System.Net;
using System.Net.Sockets;

namespace SingerNet.Tests;

/// <summary>
/// A loopback TCP server that accepts every connection and never writes a byte, like a hung server or a
/// black-holing proxy. Connections stay open until it is disposed.
/// </summary>
public sealed class SilentServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<Socket> _accepted = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private SilentServer()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>How many connections reached it so far.</summary>
    public int Accepted
    {
        get
        {
            lock (_accepted)
            {
                return _accepted.Count;
            }
        }
    }

    public static SilentServer Start() => new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _accepting;
        _listener.Stop();
        lock (_accepted)
        {
            _accepted.ForEach(socket => socket.Dispose());
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token); // kept open, never written to
                lock (_accepted)
                {
                    _accepted.Add(socket);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
