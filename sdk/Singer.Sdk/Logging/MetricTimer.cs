using System.Diagnostics;

namespace Singer.Sdk;

/// <summary>A timer metric (job_duration, http_request_duration); call <see cref="Fail"/> before disposing on error.</summary>
public sealed class MetricTimer : IDisposable
{
    private readonly string _metric;
    private readonly Dictionary<string, string> _tags;
    private readonly long _start = Stopwatch.GetTimestamp();
    private bool _disposed;

    internal MetricTimer(string metric, Dictionary<string, string> tags)
    {
        _metric = metric;
        _tags = tags;
    }

    public void Tag(string key, string value) => _tags[key] = value;

    public void Fail() => _tags["status"] = "failed";

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _tags.TryAdd("status", "succeeded");
        Metrics.Emit("timer", _metric, Metrics.Seconds(_start), _tags);
    }
}
