using System.Diagnostics;

namespace TapRest.Http;

/// <summary>
/// max_requests_per_second: request starts (retries included) at least 1/rate seconds apart, so an API with a quota is
/// never sent a burst. Requests go one at a time, so one next-allowed time is all the state needed.
/// </summary>
internal sealed class RequestPacer(decimal? requestsPerSecond)
{
    private readonly long _interval = requestsPerSecond is { } rate ? (long)(Stopwatch.Frequency / rate) : 0;
    private long _nextStart;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        if (_interval == 0)
        {
            return;
        }
        var now = Stopwatch.GetTimestamp();
        if (_nextStart > now)
        {
            await Task.Delay(Stopwatch.GetElapsedTime(now, _nextStart), cancellationToken);
        }
        _nextStart = Math.Max(now, _nextStart) + _interval;
    }
}
