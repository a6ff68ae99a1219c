using System.Globalization;
using System.Text;
using Singer.Sdk;
using SingerRun.Progress;
using SingerRun.State;

namespace SingerRun;

/// <summary>
/// Runs one pipeline: takes the state id's lock, gives the tap the stored state, wires tap → [singer-map] → target,
/// and stores each state the target writes the moment it arrives (a target writes a state only once everything before
/// it is committed). Either side failing fails the run: the tap's failure lets the target finish loading what it was
/// given (its states are still stored), the target's stops the tap. SIGTERM/Ctrl-C is passed to the tap, so the target
/// drains and its last state is kept.
/// </summary>
internal static class PipeCommand
{
    public static Task<int> RunAsync(PipeOptions options, CancellationToken cancellationToken) =>
        RunAsync(new Pipeline(options.Tap, [], options.Target, [], options.Map, IStateBackend.CheckStateId(options.StateId),
            IStateBackend.FromUri(options.StateBackend), options.FullRefresh, ProgressSettings(options.Progress, options.ProgressInterval)), cancellationToken);

    public static async Task<int> RunAsync(Pipeline pipeline, CancellationToken cancellationToken)
    {
        var backend = pipeline.Backend;
        var stateId = pipeline.StateId;
        await using var held = await backend.LockAsync(stateId, cancellationToken);
        var stored = pipeline.FullRefresh || !pipeline.PassState ? null : await backend.GetAsync(stateId, cancellationToken);
        var stateFile = stored?.SingerState is { } singerState ? await WriteStateFileAsync(singerState, cancellationToken) : null;
        Log.Info(!pipeline.PassState
            ? $"state '{stateId}': the tap is not given one (no state capability); its states are stored in {backend.Label}"
            : stateFile is null
            ? $"state '{stateId}': none stored in {backend.Label}{(pipeline.FullRefresh ? " used (--full-refresh: the stored one is kept until this run succeeds)" : "")}; the tap starts from scratch"
            : $"state '{stateId}': starting from the state stored in {backend.Label}");
        try
        {
            var stages = new List<Stage> { new("tap", pipeline.Tap, [.. pipeline.TapArgs, .. stateFile is null ? [] : new[] { "--state", stateFile }], pipeline.Label) };
            if (pipeline.Map is { } map)
            {
                stages.Add(new Stage("singer-map", "singer-map", ["--config", map], pipeline.Label));
            }
            stages.Add(new Stage("target", pipeline.Target, pipeline.TargetArgs, pipeline.Label));
            try
            {
                return await RunStagesAsync(stages, backend, stateId, pipeline.FullRefresh, pipeline.Progress, cancellationToken);
            }
            finally
            {
                stages.ForEach(stage => stage.Dispose());
            }
        }
        finally
        {
            if (stateFile is not null)
            {
                File.Delete(stateFile);
            }
        }
    }

    public static (ProgressMode Mode, TimeSpan Interval) ProgressSettings(string progress, int interval)
    {
        if (!Enum.TryParse<ProgressMode>(progress, ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || int.TryParse(progress, out _))
        {
            throw new ConfigurationException($"--progress must be auto, live, log or off, got '{progress}'");
        }
        if (interval < 1)
        {
            throw new ConfigurationException($"--progress-interval must be at least 1 (seconds), got {interval}");
        }
        return (mode, TimeSpan.FromSeconds(interval));
    }

    private static async Task<int> RunStagesAsync(List<Stage> stages, IStateBackend backend, string stateId, bool storeAtTheEnd,
        (ProgressMode Mode, TimeSpan Interval) progress, CancellationToken cancellationToken)
    {
        stages[0].Process.StandardInput.Close();
        using var stopOnCancel = cancellationToken.Register(() =>
        {
            Log.Info("stopping: the tap is asked to stop, the target then loads what it was given");
            stages[0].Stop();
        });
        var counter = new MessageCounter();
        int[] exitCodes;
        long stored;
        Dictionary<string, object?>? last;
        await using (var reporter = ProgressReporter.Start(counter, progress.Mode, progress.Interval))
        {
            var pumps = new List<Task>();
            for (var i = 0; i + 1 < stages.Count; i++)
            {
                pumps.Add(PumpAsync(stages[i], stages[i + 1], i == 0 ? counter : null));
            }
            var states = StoreStatesAsync(stages[^1], storeAtTheEnd ? null : backend, stateId, reporter);
            exitCodes = await Task.WhenAll(stages.Select(stage => stage.WaitAsync()));
            await Task.WhenAll(pumps);
            (stored, last) = await states;
        }
        var lines = counter.Lines;
        var failed = stages.Zip(exitCodes).Where(pair => pair.Second != 0).ToList();
        var codes = string.Join(", ", stages.Zip(exitCodes).Select(pair => $"{pair.First.Name} exit {pair.Second}"));
        if (failed.Count == 0)
        {
            if (storeAtTheEnd && last is not null)
            {
                // A full refresh replaces the stored state only once it has succeeded: a failed one leaves the old state.
                await backend.SetAsync(stateId, StoredState.FromSingerState(last), cancellationToken);
                stored = 1;
            }
            Log.Info($"state '{stateId}': done, {lines} lines from the tap, {stored} states stored ({codes})");
            return ExitCodes.Ok;
        }
        var first = failed[0].First;
        var lastLine = first.LastLines.LastOrDefault(l => l.Trim().Length > 0) ?? "(no stderr)";
        throw new SingerException(
            $"the {first.Name} failed ({codes}); {stored} states stored, the stored state is {(last is null || storeAtTheEnd ? "unchanged" : "the target's last")}; the {first.Name}'s last line: {lastLine}");
    }

    /// <summary>Copies one stage's stdout into the next one's stdin (counting what passes when given a counter); a downstream that has gone stops the upstream.</summary>
    private static async Task PumpAsync(Stage from, Stage to, MessageCounter? counter)
    {
        var buffer = new byte[1 << 16];
        var source = from.Process.StandardOutput.BaseStream;
        var sink = to.Process.StandardInput.BaseStream;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                counter?.Add(buffer.AsSpan(0, read));
                await sink.WriteAsync(buffer.AsMemory(0, read));
            }
            await sink.FlushAsync();
        }
        catch (IOException)
        {
            // The downstream process closed its input (it failed or stopped early): the upstream has nobody to write to.
            from.Stop();
            _ = source.CopyToAsync(Stream.Null);
        }
        finally
        {
            try
            {
                to.Process.StandardInput.Close();
            }
            catch (IOException)
            {
                // Already broken; the downstream has gone.
            }
        }
    }

    /// <summary>
    /// Stores the states the target writes, in order, each as soon as the store before it is done: a state that arrives
    /// while one is being written waits, and only the latest of those waiting is written (it supersedes the others), so a
    /// target writing many states a second never waits on the backend. The count stored and the last one.
    /// </summary>
    private static async Task<(long Count, Dictionary<string, object?>? Last)> StoreStatesAsync(Stage target, IStateBackend? backend, string stateId, ProgressReporter reporter)
    {
        var latest = System.Threading.Channels.Channel.CreateBounded<Dictionary<string, object?>>(
            new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });
        var storing = Task.Run(async () =>
        {
            long count = 0;
            Dictionary<string, object?>? last = null;
            await foreach (var state in latest.Reader.ReadAllAsync())
            {
                if (backend is not null)
                {
                    await backend.SetAsync(stateId, StoredState.FromSingerState(state), CancellationToken.None);
                    reporter.StateStored();
                    count++;
                }
                last = state;
            }
            return (count, last);
        });
        try
        {
            var output = target.Process.StandardOutput;
            while (await output.ReadLineAsync() is { } line)
            {
                if (ParseState(line) is { } state)
                {
                    await latest.Writer.WriteAsync(state);
                }
            }
        }
        finally
        {
            latest.Writer.Complete();
        }
        return await storing;
    }

    private static Dictionary<string, object?>? ParseState(string line)
    {
        if (line.Trim().Length == 0)
        {
            return null;
        }
        object? value;
        try
        {
            value = SingerJson.Parse(line);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or SingerException)
        {
            Log.Warning($"target wrote a line that is not a JSON state; ignored: {Start(line)}");
            return null;
        }
        if (value is not Dictionary<string, object?> state)
        {
            Log.Warning($"target wrote a line that is not a JSON object; ignored: {Start(line)}");
            return null;
        }
        return state;
    }

    private static async Task<string> WriteStateFileAsync(Dictionary<string, object?> state, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"singer-run-{Environment.ProcessId}-{Guid.NewGuid():N}.json"));
        await File.WriteAllTextAsync(path, SingerJson.Serialize(state), new UTF8Encoding(false), cancellationToken);
        return path;
    }

    private static string Start(string line) => line.Length > 100 ? line[..100] + "…" : line;
}
