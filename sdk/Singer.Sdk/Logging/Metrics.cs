using System.Diagnostics;
using System.Globalization;
using System.Text;

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
            .Append(", \"value\": ").Append(value is double seconds ? PythonFloat(seconds) : Convert.ToString(value, CultureInfo.InvariantCulture))
            .Append(", \"tags\": {");
        var first = true;
        foreach (var (key, tagValue) in tags)
        {
            text.Append(first ? "" : ", ").Append(Quote(key)).Append(": ").Append(Quote(tagValue));
            first = false;
        }
        return text.Append("}}").ToString();
    }

    /// <summary>
    /// A float as Python's repr writes it (json.dumps does the same): the shortest digits that read back, positional
    /// from 1e-4 up to 1e16 with at least one decimal (<c>3.0</c>), otherwise <c>5.2e-05</c> / <c>1e+16</c>.
    /// </summary>
    internal static string PythonFloat(double value)
    {
        if (!double.IsFinite(value))
        {
            return double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
        }
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }
        // .NET's round-trip form has the same shortest digits; only the layout differs.
        var shortest = Math.Abs(value).ToString("E16", CultureInfo.InvariantCulture);
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = int.Parse(shortest.AsSpan(shortest.IndexOf('E') + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var digits = roundTrip.Split('E')[0].Replace(".", "", StringComparison.Ordinal).TrimStart('0').TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }
        string text;
        if (exponent is >= -4 and < 16)
        {
            text = exponent >= 0
                ? digits.PadRight(exponent + 1, '0')[..(exponent + 1)] + "." + (digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "0")
                : "0." + new string('0', -exponent - 1) + digits;
        }
        else
        {
            text = digits[..1] + (digits.Length > 1 ? "." + digits[1..] : "") + "e" + (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        }
        return value < 0 ? "-" + text : text;
    }

    /// <summary>
    /// A JSON string exactly as Python's json.dumps writes it (ensure_ascii): System.Text.Json would write
    /// \u0022 for a quote and escape &amp; &lt; &gt; ' +, so tag values like URLs would differ from singer-python.
    /// </summary>
    private static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                case '\b': quoted.Append("\\b"); break;
                case '\f': quoted.Append("\\f"); break;
                case < ' ' or > '~': quoted.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: quoted.Append(c); break;
            }
        }
        return quoted.Append('"').ToString();
    }

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
