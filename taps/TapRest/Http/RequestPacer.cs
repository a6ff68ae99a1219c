using System.Diagnostics;

namespace TapRest.Http;

/// <summary>
/// max_requests_per_second: request starts (retries included) at least 1/rate seconds apart, so an API with a quota is
/// never sent a burst. Each request reserves the next start time under a lock, so requests sent side by side
/// (parallel_requests) are spaced as well.
/// </summary>
internal sealed class RequestPacer(decimal? requestsPerSecond)
{
    private readonly long _interval = requestsPerSecond is { } rate ? (long)(Stopwatch.Frequency / rate) : 0;
    private readonly Lock _gate = new();
    private long _nextStart;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_interval == 0)
        {
            return;
        }
        var now = Stopwatch.GetTimestamp();
        long start;
        lock (_gate)
        {
            start = Math.Max(now, _nextStart);
            _nextStart = start + _interval;
        }
        if (start > now)
        {
            await Task.Delay(Stopwatch.GetElapsedTime(now, start), cancellationToken);
        }
    }
}
