using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Singer.Sdk;

/// <summary>
/// Singer METRIC log lines, byte for byte as singer-python writes them:
/// <c>INFO METRIC: {"type": "counter", "metric": "record_count", "value": 20, "tags": {"endpoint": "orders"}}</c>.
/// </summary>
public static class Metrics
{
    public const string RecordCount = "record_count";
    public const string JobDuration = "job_duration";
    public const string HttpRequestDuration = "http_request_duration";

    /// <summary>Counts records; logs the count every <paramref name="interval"/> and when disposed (like singer-python).</summary>
    public static RecordCounter RecordCounter(IReadOnlyDictionary<string, string> tags, TimeSpan? interval = null) =>
        new(tags, interval ?? TimeSpan.FromSeconds(60));

    /// <summary>Times a job; logs job_duration with status succeeded/failed when disposed.</summary>
    public static MetricTimer JobTimer(string jobType, IReadOnlyDictionary<string, string>? tags = null) =>
        new(JobDuration, Merge(new Dictionary<string, string> { ["job_type"] = jobType }, tags));

    public static MetricTimer HttpRequestTimer(string endpoint) =>
        new(HttpRequestDuration, new Dictionary<string, string> { ["endpoint"] = endpoint });

    public static void Emit(string type, string metric, object value, IReadOnlyDictionary<string, string> tags) =>
        Log.Info("METRIC: " + Format(type, metric, value, tags));

    /// <summary>The JSON of a metric point, with Python's ", " and ": " separators.</summary>
    public static string Format(string type, string metric, object value, IReadOnlyDictionary<string, string> tags)
    {
        var text = new StringBuilder();
        text.Append("{\"type\": ").Append(Quote(type))
            .Append(", \"metric\": ").Append(Quote(metric))
            .Append(", \"value\": ").Append(Convert.ToString(value, CultureInfo.InvariantCulture))
            .Append(", \"tags\": {");
        var first = true;
        foreach (var (key, tagValue) in tags)
        {
            text.Append(first ? "" : ", ").Append(Quote(key)).Append(": ").Append(Quote(tagValue));
            first = false;
        }
        return text.Append("}}").ToString();
    }

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static Dictionary<string, string> Merge(Dictionary<string, string> first, IReadOnlyDictionary<string, string>? more)
    {
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            first[key] = value;
        }
        return first;
    }

    internal static double Seconds(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
}
