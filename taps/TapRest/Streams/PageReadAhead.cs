using System.Collections.Concurrent;
using Singer.Sdk;
using TapRest.Http;

namespace TapRest.Streams;

/// <summary>A page fetched: the response, its parsed body and its records.</summary>
internal sealed record FetchedPage(ApiResponse Response, ResponseBody Body, IReadOnlyList<Dictionary<string, object?>> Records);

/// <summary>
/// parallel_requests: keeps up to N pages in flight (fetched and parsed on the thread pool, each with its own JSON
/// reader) and hands them back strictly in page order. Memory is bounded by N pages. A failure surfaces only when its
/// page is the one asked for, so errors read as they do one page at a time; pages fetched past the end are cancelled
/// and their outcome ignored on dispose.
/// </summary>
internal sealed class PageReadAhead : IAsyncDisposable
{
    private readonly Queue<Task<FetchedPage>> _inFlight = new();
    private readonly ConcurrentBag<JsonBodyReader> _readers = [];
    private readonly CancellationTokenSource _stop;
    private readonly Func<long, JsonBodyReader, CancellationToken, Task<FetchedPage>> _fetch;
    private readonly int _depth;
    private long _nextIndex;

    public PageReadAhead(
        int depth, Func<long, JsonBodyReader, CancellationToken, Task<FetchedPage>> fetch, CancellationToken cancellationToken)
    {
        _depth = depth;
        _fetch = fetch;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    /// <summary>The next page in order, topping the window up to N pages first.</summary>
    public async Task<FetchedPage> NextAsync()
    {
        while (_inFlight.Count < _depth)
        {
            _inFlight.Enqueue(Start(_nextIndex++));
        }
        return await _inFlight.Dequeue();
    }

    private Task<FetchedPage> Start(long index)
    {
        var token = _stop.Token;
        return Task.Run(async () =>
        {
            var json = _readers.TryTake(out var reader) ? reader : new JsonBodyReader();
            try
            {
                return await _fetch(index, json, token);
            }
            finally
            {
                _readers.Add(json);
            }
        }, token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var page in _inFlight)
        {
            // A page past the end (or after a failure): whatever it came to is not part of the stream.
            await ((Task)page).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        _stop.Dispose();
    }
}
