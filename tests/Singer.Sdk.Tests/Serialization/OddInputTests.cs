using System.Text;
using Singer.Sdk.Tests.Support;

namespace Singer.Sdk.Tests.Serialization;

/// <summary>Input that is nearly right: each case has a decided behaviour (README, "Reading a Singer stream").</summary>
[Collection(GlobalStateCollection.Name)]
public sealed class OddInputTests : IDisposable
{
    private const string Schema = """{"type": "SCHEMA", "stream": "s", "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "at": {"type": ["null", "string"], "format": "date-time"}}}, "key_properties": ["id"]}""";

    private readonly LogCapture _log = new();
    private readonly List<string> _events = [];

    public void Dispose() => _log.Dispose();

    private async Task<RecordingTarget> RunAsync(params string[] lines)
    {
        var target = new RecordingTarget(new PluginConfig([]), _events);
        using var input = new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n"));
        await using var output = new StateOutputStream(_events);
        await TargetRunner.ProcessAsync(target, input, output, CancellationToken.None);
        return target;
    }

    [Fact]
    public async Task ProcessAsync_LowercaseRecordType_IsIgnoredWithAWarningOnEachLineSayingRecordWasMeant()
    {
        await RunAsync(Schema,
            """{"type": "record", "stream": "s", "record": {"id": 1}}""",
            """{"type": "RECORD", "stream": "s", "record": {"id": 2}}""",
            """{"type": "Record", "stream": "s", "record": {"id": 3}}""",
            """{"type": "record", "stream": "s", "record": {"id": 4}}""",
            """{"type": "MYSTERY"}""",
            """{"type": "MYSTERY"}""");

        _events.Should().Equal("create s", "batch s: 2", "close s", "target close");
        _log.Lines.Where(l => l.StartsWith("WARNING", StringComparison.Ordinal)).Should().Equal(
            "WARNING line 2: ignoring message of unknown type 'record' (RECORD was probably meant: message types are case-sensitive)",
            "WARNING line 4: ignoring message of unknown type 'Record' (RECORD was probably meant: message types are case-sensitive)",
            "WARNING line 5: ignoring message of unknown type 'record' (RECORD was probably meant: message types are case-sensitive)",
            "WARNING line 6: ignoring message of unknown type 'MYSTERY'");
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("2024-01-02")]
    [InlineData("2024-01-02T03:04:05")]
    [InlineData("2024-02-30T03:04:05Z")]
    [InlineData("2024-01-02T25:04:05Z")]
    [InlineData("1704164645")]
    public async Task ReadAllAsync_TimeExtractedNotRfc3339_FailsNamingLineAndStream(string extracted)
    {
        var act = () => SingerText.ReadAsync(Schema + "\n" + $$"""{"type": "RECORD", "stream": "s", "record": {"id": 1}, "time_extracted": "{{extracted}}"}""" + "\n");

        var error = (await act.Should().ThrowAsync<ProtocolException>()).Which;
        error.Message.Should().Be($"line 2: stream 's': time_extracted '{extracted}' is not an RFC 3339 date-time with an offset (like 2024-01-02T03:04:05Z)");
    }

    [Theory]
    [InlineData("2024-01-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05.123456Z")]
    [InlineData("2024-01-02T03:04:05.123456+02:00")]
    [InlineData("2024-01-02t03:04:05z")]
    [InlineData("2024-01-02 03:04:05-05:30")]
    public async Task ReadAllAsync_TimeExtractedRfc3339_IsKeptAsWritten(string extracted)
    {
        var lines = await SingerText.ReadAsync($$"""{"type": "RECORD", "stream": "s", "record": {"id": 1}, "time_extracted": "{{extracted}}"}""" + "\n"
            + $$"""{"type": "RECORD", "stream": "s", "record": {"id": 2}, "time_extracted": "{{extracted}}"}""" + "\n");

        lines.Select(l => ((RecordMessage)l.Message).TimeExtracted).Should().Equal(extracted, extracted);
    }

    [Fact]
    public async Task ReadAllAsync_GoodThenBadTimeExtracted_FailsAtTheBadLine()
    {
        var act = () => SingerText.ReadAsync(
            """{"type": "RECORD", "stream": "s", "record": {"id": 1}, "time_extracted": "2024-01-02T03:04:05Z"}""" + "\n"
            + """{"type": "RECORD", "stream": "s", "record": {"id": 2}, "time_extracted": "2024-01-02T03:04:05Z"}""" + "\n"
            + """{"type": "RECORD", "stream": "t", "record": {"id": 3}, "time_extracted": "soon"}""" + "\n");

        (await act.Should().ThrowAsync<ProtocolException>()).Which.Message
            .Should().Be("line 3: stream 't': time_extracted 'soon' is not an RFC 3339 date-time with an offset (like 2024-01-02T03:04:05Z)");
    }

    [Fact]
    public async Task ProcessAsync_DateInDateTimeField_IsAcceptedAndReadsAsMidnightUtc()
    {
        var target = await RunAsync(Schema, """{"type": "RECORD", "stream": "s", "record": {"id": 1, "at": "2024-01-02"}}""");

        _events.Should().Equal("create s", "batch s: 1", "close s", "target close");
        var at = target.Sinks[0].Batches[0][0].Record["at"].Should().BeOfType<string>().Subject;
        at.Should().Be("2024-01-02");
        FormatChecker.TryParseDateTime(at, out var value).Should().BeTrue();
        value.Should().Be(new DateTimeOffset(2024, 1, 2, 0, 0, 0, TimeSpan.Zero));
    }
}
