using System.Diagnostics;

namespace Singer.Sdk;

/// <summary>A record_count counter: the value logged is the count since the previous log line.</summary>
public sealed class RecordCounter : IDisposable
{
    private readonly IReadOnlyDictionary<string, string> _tags;
    private readonly TimeSpan _interval;
    private long _sinceLastLog;
    private long _lastLog = Stopwatch.GetTimestamp();

    internal RecordCounter(IReadOnlyDictionary<string, string> tags, TimeSpan interval)
    {
        _tags = tags;
        _interval = interval;
    }

    public long Total { get; private set; }

    public void Increment(long count = 1)
    {
        _sinceLastLog += count;
        Total += count;
        if (Stopwatch.GetElapsedTime(_lastLog) >= _interval)
        {
            Flush();
        }
    }

    public void Dispose() => Flush();

    private void Flush()
    {
        Metrics.Emit("counter", Metrics.RecordCount, _sinceLastLog, _tags);
        _sinceLastLog = 0;
        _lastLog = Stopwatch.GetTimestamp();
    }
}
