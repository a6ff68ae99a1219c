using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TargetS3.Tests.Support;

/// <summary>
/// A loopback TCP endpoint that accepts connections and never answers: a wedged proxy, as far as a client can tell.
/// With <c>answerListing</c>, a GET (the target's start-up bucket check) gets an empty bucket listing and every other
/// request hangs, so a run gets past its start and stalls at its first upload. With <c>cutAnswers</c> as well, every
/// HEAD is answered 404 (no such object) and every other request is read whole, then the connection closes in the
/// middle of the answer's headers: a server going away mid-answer. Disposing it closes everything.
/// </summary>
internal sealed class SilentEndpoint : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _clients = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly bool _answerListing;
    private readonly bool _cutAnswers;
    private readonly Task _acceptLoop;

    private SilentEndpoint(bool answerListing, bool cutAnswers)
    {
        _answerListing = answerListing;
        _cutAnswers = cutAnswers;
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public static SilentEndpoint Start(bool answerListing = false, bool cutAnswers = false) => new(answerListing || cutAnswers, cutAnswers);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }
        try
        {
            await _acceptLoop;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // The listener was stopped under it: that is how the loop ends.
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            lock (_clients)
            {
                _clients.Add(client);
            }
            if (_answerListing)
            {
                _ = AnswerListingsAsync(client);
            }
        }
    }

    /// <summary>Reads the request's body, sends the start of an answer and closes the connection.</summary>
    private async Task CutAnswerAsync(TcpClient client, NetworkStream stream, string head)
    {
        var length = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)) is { } header
            ? long.Parse(header["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture)
            : 0;
        var body = new byte[8192];
        for (var left = length; left > 0;)
        {
            var read = await stream.ReadAsync(body.AsMemory(0, (int)Math.Min(body.Length, left)), _stop.Token);
            if (read == 0)
            {
                return;
            }
            left -= read;
        }
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Ty"u8.ToArray(), _stop.Token);
        client.Close();
    }

    /// <summary>Answers GET requests with an empty listing; at the first other request, stops reading and never answers.</summary>
    private async Task AnswerListingsAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[1];
            while (await stream.ReadAsync(buffer, _stop.Token) == 1)
            {
                head.Append((char)buffer[0]);
                if (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
                {
                    continue;
                }
                if (_cutAnswers && head.ToString().StartsWith("HEAD ", StringComparison.Ordinal))
                {
                    head.Clear();
                    await stream.WriteAsync("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"u8.ToArray(), _stop.Token); // no such object yet
                    continue;
                }
                if (!head.ToString().StartsWith("GET ", StringComparison.Ordinal))
                {
                    if (_cutAnswers)
                    {
                        await CutAnswerAsync(client, stream, head.ToString());
                    }
                    return; // holds the connection open, silent
                }
                head.Clear();
                var body = """<?xml version="1.0" encoding="UTF-8"?><ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>b</Name><Prefix></Prefix><Marker></Marker><MaxKeys>1</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>""";
                var response = $"HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";
                await stream.WriteAsync(Encoding.UTF8.GetBytes(response), _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // Stopped, or the client gave up: either way this connection is done.
        }
    }
}
