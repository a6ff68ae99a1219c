using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Secrets.Tests;

/// <summary>
/// A small HTTP server on loopback (HttpListener) answering each request with a handler. The tap-rest tests use
/// Kestrel, but a test project referencing ASP.NET Core runs the other executables without the assemblies they need.
/// </summary>
public sealed class LoopbackApi : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly Func<HttpListenerRequest, string, (int Status, string Body)> _handler;
    private readonly Task _loop;

    public LoopbackApi(Func<HttpListenerRequest, string, (int Status, string Body)> handler)
    {
        _handler = handler;
        for (var attempt = 1; ; attempt++)
        {
            Url = $"http://127.0.0.1:{FreePort()}";
            _listener = new HttpListener();
            _listener.Prefixes.Add(Url + "/");
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 20)
            {
                // The port was free when asked and taken before Start (tests run in parallel): another one.
                _listener.Close();
            }
        }
        _loop = Task.Run(ServeAsync);
    }

    public string Url { get; }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var (status, body) = _handler(context.Request, await reader.ReadToEndAsync());
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
