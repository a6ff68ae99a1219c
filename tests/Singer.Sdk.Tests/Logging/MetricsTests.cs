using System.Text.RegularExpressions;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Logging;

[Collection(GlobalStateCollection.Name)]
public sealed class MetricsTests : IDisposable
{
    private readonly LogCapture _log = new();

    /// <summary>A timer line; the duration varies, so only its shape is fixed.</summary>
    private static string TimerLine(string metric, string tags) =>
        "^" + Regex.Escape($$"""INFO METRIC: {"type": "timer", "metric": "{{metric}}", "value": """) + @"\d+(\.\d+)?(e-\d+)?"
        + Regex.Escape(", \"tags\": {" + tags + "}}") + "$";

    public void Dispose() => _log.Dispose();

    [Fact]
    public void Format_Counter_UsesPythonSeparatorsExactly()
    {
        var text = Metrics.Format("counter", "record_count", 20, new Dictionary<string, string> { ["endpoint"] = "orders" });

        text.Should().Be("""{"type": "counter", "metric": "record_count", "value": 20, "tags": {"endpoint": "orders"}}""");
    }

    [Fact]
    public void Format_SeveralTagsAndAFraction_KeepsTagOrder()
    {
        var text = Metrics.Format("timer", "job_duration", 1.5, new Dictionary<string, string> { ["job_type"] = "sync", ["status"] = "succeeded" });

        text.Should().Be("""{"type": "timer", "metric": "job_duration", "value": 1.5, "tags": {"job_type": "sync", "status": "succeeded"}}""");
    }

    [Fact]
    public void Format_NoTagsAndQuotesInNames_IsValidJson()
    {
        Metrics.Format("counter", "a\"b", 0L, new Dictionary<string, string>()).Should().Be("""{"type": "counter", "metric": "a\"b", "value": 0, "tags": {}}""");
    }

    [Fact]
    public void Format_TagValueNeedingEscapes_MatchesPythonJsonDumps()
    {
        // The expected text is what python3 json.dumps prints for the same tag value.
        var text = Metrics.Format("counter", "record_count", 1, new Dictionary<string, string> { ["a"] = "x&y<z>'+\"q\\ é 中 😀 \u007f \u0001 \n/" });

        text.Should().Be("""{"type": "counter", "metric": "record_count", "value": 1, "tags": {"a": "x&y<z>'+\"q\\ \u00e9 \u4e2d \ud83d\ude00 \u007f \u0001 \n/"}}""");
    }

    [Fact]
    public void Emit_Counter_LogsOneInfoMetricLine()
    {
        Metrics.Emit("counter", Metrics.RecordCount, 20L, new Dictionary<string, string> { ["endpoint"] = "orders" });

        _log.Lines.Should().Equal("""INFO METRIC: {"type": "counter", "metric": "record_count", "value": 20, "tags": {"endpoint": "orders"}}""");
    }

    [Fact]
    public void RecordCounter_Dispose_LogsTheCountSinceTheLastLine()
    {
        using (var counter = Metrics.RecordCounter(new Dictionary<string, string> { ["table"] = "orders" }))
        {
            counter.Increment();
            counter.Increment(4);
            counter.Total.Should().Be(5);
            _log.Lines.Should().BeEmpty("the default interval is a minute");
        }

        _log.Lines.Should().Equal("""INFO METRIC: {"type": "counter", "metric": "record_count", "value": 5, "tags": {"table": "orders"}}""");
    }

    [Fact]
    public void RecordCounter_IntervalElapsed_LogsEachIncrementThenZeroAtTheEnd()
    {
        using (var counter = Metrics.RecordCounter(new Dictionary<string, string> { ["table"] = "t" }, TimeSpan.Zero))
        {
            counter.Increment(2);
            counter.Increment(3);
            counter.Total.Should().Be(5);
        }

        _log.Lines.Select(l => l[(l.IndexOf("\"value\": ", StringComparison.Ordinal) + 9)..l.IndexOf(", \"tags\"", StringComparison.Ordinal)])
            .Should().Equal("2", "3", "0");
    }

    [Fact]
    public void JobTimer_Dispose_LogsDurationWithSucceededStatus()
    {
        using (Metrics.JobTimer("load", new Dictionary<string, string> { ["stream"] = "orders" }))
        {
        }

        _log.Lines.Should().ContainSingle().Which.Should().MatchRegex(
            TimerLine("job_duration", "\"job_type\": \"load\", \"stream\": \"orders\", \"status\": \"succeeded\""));
    }

    [Fact]
    public void JobTimer_Failed_LogsFailedStatusOnce()
    {
        var timer = Metrics.JobTimer("sync");
        timer.Fail();
        timer.Dispose();
        timer.Dispose();

        _log.Lines.Should().ContainSingle().Which.Should().MatchRegex(
            TimerLine("job_duration", "\"job_type\": \"sync\", \"status\": \"failed\""));
    }

    [Fact]
    public void HttpRequestTimer_Dispose_TagsTheEndpoint()
    {
        using (var timer = Metrics.HttpRequestTimer("orders"))
        {
            timer.Tag("http_status_code", "200");
        }

        _log.Lines.Should().ContainSingle().Which.Should().MatchRegex(
            TimerLine("http_request_duration", "\"endpoint\": \"orders\", \"http_status_code\": \"200\", \"status\": \"succeeded\""));
    }

    [Fact]
    public void Log_Levels_UseSingerPythonPrefixesAndDebugOnlyWhenVerbose()
    {
        Log.Verbose = false;
        Log.Debug("hidden");
        Log.Info("i");
        Log.Warning("w");
        Log.Error("e");
        Log.Critical("c");
        Log.Verbose = true;
        Log.Debug("d");

        _log.Lines.Should().Equal("INFO i", "WARNING w", "ERROR e", "CRITICAL c", "DEBUG d");
    }

    [Theory]
    [InlineData(5.2e-05, "5.2e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(3.0, "3.0")]
    [InlineData(3.1794601, "3.1794601")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1.5e300, "1.5e+300")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5e-07, "-2.5e-07")]
    [InlineData(0.0, "0.0")]
    public void Format_TimerSeconds_WrittenAsPythonReprWritesThem(double seconds, string expected)
    {
        // Expected values are Python's repr(float) for the same doubles.
        Metrics.Format("timer", "job_duration", seconds, new Dictionary<string, string>())
            .Should().Be("""{"type": "timer", "metric": "job_duration", "value": """ + expected + """, "tags": {}}""");
    }
}
