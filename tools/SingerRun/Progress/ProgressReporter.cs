using System.Diagnostics;
using System.Globalization;
using Singer.Sdk;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SingerRun.Progress;

/// <summary>How singer-run shows a run's progress (<c>--progress</c>).</summary>
internal enum ProgressMode
{
    /// <summary>A live table when stderr is a terminal, else log lines.</summary>
    Auto,
    Live,
    Log,
    Off,
}

/// <summary>
/// Shows what moves while a pipeline runs: on a terminal a live table (streams, records, records/s, bytes, the age of
/// the last stored state) above the latest log lines; elsewhere one INFO line every interval. Either way a summary
/// per stream at the end.
/// </summary>
internal sealed class ProgressReporter : IAsyncDisposable
{
    private const int StreamsInLine = 10;
    private const int StreamsInSummary = 50;
    private const int LogLinesShown = 8;

    private readonly MessageCounter _counter;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reporting;
    private readonly LogTail? _tail;
    private readonly TextWriter? _error;
    private readonly Dictionary<string, (long Records, double Seconds)> _previous = new(StringComparer.Ordinal);
    private long _lastStateTicks = -1;

    private ProgressReporter(MessageCounter counter, ProgressMode mode, TimeSpan interval)
    {
        _counter = counter;
        if (mode == ProgressMode.Live)
        {
            // While the table is drawn, log lines (ours and the stages' stderr) go to a tail shown under it.
            _error = Console.Error;
            _tail = new LogTail(LogLinesShown);
            Console.SetError(_tail);
            Log.RedirectTo(_tail);
            _reporting = LiveAsync(_error, _stop.Token);
        }
        else
        {
            _reporting = mode == ProgressMode.Log ? LinesAsync(interval, _stop.Token) : Task.CompletedTask;
        }
    }

    public static ProgressReporter Start(MessageCounter counter, ProgressMode mode, TimeSpan interval)
    {
        if (mode == ProgressMode.Auto)
        {
            mode = Console.IsErrorRedirected || Environment.GetEnvironmentVariable("TERM") is null or "dumb" ? ProgressMode.Log : ProgressMode.Live;
        }
        return new ProgressReporter(counter, mode, interval);
    }

    /// <summary>Called when a state has been stored: the table shows how long ago.</summary>
    public void StateStored() => Interlocked.Exchange(ref _lastStateTicks, _clock.ElapsedTicks);

    private string LastState()
    {
        var ticks = Interlocked.Read(ref _lastStateTicks);
        return ticks < 0 ? "no state stored yet" : $"last state stored {Seconds(_clock.Elapsed - TimeSpan.FromTicks(ticks * TimeSpan.TicksPerSecond / Stopwatch.Frequency))} ago";
    }

    private async Task LinesAsync(TimeSpan interval, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                await Task.Delay(interval, stop);
                var streams = _counter.Streams;
                var seconds = _clock.Elapsed.TotalSeconds;
                var records = streams.Sum(s => Interlocked.Read(ref s.Records));
                var list = string.Join(", ", streams.Take(StreamsInLine).Select(s => $"{s.Name} {Number(Interlocked.Read(ref s.Records))}"))
                    + (streams.Count > StreamsInLine ? $", and {streams.Count - StreamsInLine} more streams" : "");
                Log.Info($"progress: {Number(records)} records ({Number((long)(records / seconds))}/s), {Size(_counter.Bytes)} from the tap in {Seconds(_clock.Elapsed)}"
                    + (streams.Count > 0 ? $"; {list}" : "") + $"; {LastState()}");
            }
        }
        catch (OperationCanceledException)
        {
            // The run is over.
        }
    }

    private async Task LiveAsync(TextWriter error, CancellationToken stop)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error), Interactive = InteractionSupport.Yes });
        await console.Live(Render()).AutoClear(false).StartAsync(async context =>
        {
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(1), stop);
                }
                catch (OperationCanceledException)
                {
                    // One last drawing with the final counts.
                }
                context.UpdateTarget(Render());
                context.Refresh();
            }
        });
    }

    private Rows Render()
    {
        var seconds = _clock.Elapsed.TotalSeconds;
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("stream").AddColumn(new TableColumn("records").RightAligned())
            .AddColumn(new TableColumn("records/s").RightAligned()).AddColumn(new TableColumn("bytes").RightAligned());
        foreach (var stream in _counter.Streams)
        {
            var records = Interlocked.Read(ref stream.Records);
            var (before, then) = _previous.GetValueOrDefault(stream.Name);
            var rate = seconds > then ? (records - before) / (seconds - then) : 0;
            _previous[stream.Name] = (records, seconds);
            table.AddRow(Markup.Escape(stream.Name), Number(records), Number((long)rate), Size(Interlocked.Read(ref stream.Bytes)));
        }
        var status = new Text($"{Seconds(_clock.Elapsed)} · {Size(_counter.Bytes)} from the tap · {LastState()}");
        var lines = _tail?.Lines.Select(line => (IRenderable)new Text(line)) ?? [];
        return new Rows([table, status, .. lines]);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reporting;
        if (_tail is not null && _error is not null)
        {
            Console.SetError(_error);
            Log.RedirectTo(_error);
        }
        _stop.Dispose();
        var streams = _counter.Streams;
        foreach (var stream in streams.Take(StreamsInSummary))
        {
            Log.Info($"stream '{stream.Name}': {Number(stream.Records)} records, {Size(stream.Bytes)}");
        }
        if (streams.Count > StreamsInSummary)
        {
            Log.Info($"and {streams.Count - StreamsInSummary} more streams: {Number(streams.Skip(StreamsInSummary).Sum(s => s.Records))} records");
        }
    }

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan time) => time.TotalSeconds < 60
        ? time.TotalSeconds.ToString("0", CultureInfo.InvariantCulture) + " s"
        : time.ToString(time.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    private static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
        < 1024L * 1024 * 1024 => (bytes / 1024.0 / 1024).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        _ => (bytes / 1024.0 / 1024 / 1024).ToString("0.00", CultureInfo.InvariantCulture) + " GB",
    };
}

/// <summary>The latest lines written to stderr while the live table is drawn.</summary>
internal sealed class LogTail(int kept) : TextWriter
{
    private readonly Queue<string> _lines = new();
    private readonly System.Text.StringBuilder _current = new();

    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
            {
                return [.. _lines];
            }
        }
    }

    public override void Write(char value)
    {
        lock (_lines)
        {
            if (value == '\n')
            {
                _lines.Enqueue(_current.ToString());
                _current.Clear();
                while (_lines.Count > kept)
                {
                    _lines.Dequeue();
                }
            }
            else if (value != '\r')
            {
                _current.Append(value);
            }
        }
    }
}
