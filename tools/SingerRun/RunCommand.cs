using System.Diagnostics;
using System.Globalization;
using Singer.Sdk;
using SingerRun.Progress;
using SingerRun.Project;
using SingerRun.State;

namespace SingerRun;

/// <summary>
/// <c>singer-run run EXTRACTOR LOADER</c>: one pipeline of a Meltano project, its configs written to private temporary
/// files, the catalog discovered (cached), selected and given to the tap; <c>--all</c> runs every pipeline of the
/// project's jobs and schedules, <c>--jobs</c> at a time, <c>--shard I/N</c> taking every N-th.
/// </summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(RunOptions options, CancellationToken cancellationToken)
    {
        if (options.Jobs < 1)
        {
            throw new ConfigurationException($"--jobs must be at least 1, got {options.Jobs}");
        }
        var progress = PipeCommand.ProgressSettings(options.Progress, options.ProgressInterval);
        var project = MeltanoProject.Load(options.Project);
        var backend = Backend(options, project);
        if (options.All)
        {
            if (options.Extractor is not null || options.StateId is not null)
            {
                throw new ConfigurationException("run --all takes no EXTRACTOR LOADER and no --state-id (each pipeline has its own)");
            }
            return await RunAllAsync(project, backend, options, progress, cancellationToken);
        }
        if (options.Shard is not null || options.Jobs != 1)
        {
            throw new ConfigurationException("--jobs and --shard go with --all");
        }
        if (options.Extractor is null || options.Loader is null)
        {
            throw new ConfigurationException("run needs EXTRACTOR LOADER (or --all)");
        }
        var stateId = options.StateId ?? new ProjectPipeline(options.Extractor, options.Loader, "").StateId;
        return await RunPipelineAsync(project, options.Extractor, options.Loader, stateId, backend, options, progress, null, cancellationToken);
    }

    /// <summary>--state-backend, else MELTANO_STATE_BACKEND_URI, else the project's state_backend.uri, else files beside the project.</summary>
    private static IStateBackend Backend(RunOptions options, MeltanoProject project)
    {
        var uri = options.StateBackend
            ?? Environment.GetEnvironmentVariable("MELTANO_STATE_BACKEND_URI")
            ?? (project.StateBackendUri is { } configured ? (string?)PluginSettings.Expand(configured, "state_backend.uri") : null)
            ?? "file://" + Path.Combine(project.Directory, ".singer", "state");
        return IStateBackend.FromUri(uri);
    }

    private static async Task<int> RunPipelineAsync(MeltanoProject project, string extractorName, string loaderName, string stateId, IStateBackend backend,
        RunOptions options, (ProgressMode Mode, TimeSpan Interval) progress, string? label, CancellationToken cancellationToken)
    {
        var extractor = Plugin(project.Extractors, extractorName, "extractor", project);
        var loader = Plugin(project.Loaders, loaderName, "loader", project);
        IStateBackend.CheckStateId(stateId);
        var work = PrivateFiles.CreateDirectory();
        try
        {
            var tapConfig = PluginSettings.Resolve(extractor);
            var targetConfig = PluginSettings.Resolve(loader);
            var tapConfigFile = await PrivateFiles.WriteJsonAsync(work.FullName, "tap-config.json", tapConfig, cancellationToken);
            var targetConfigFile = await PrivateFiles.WriteJsonAsync(work.FullName, "target-config.json", targetConfig, cancellationToken);
            var tapExecutable = ExecutablePath(extractor, project);
            var tapArgs = new List<string> { "--config", tapConfigFile };
            if (await CatalogAsync(extractor, tapExecutable, tapConfig, tapConfigFile, project, options.RefreshCatalog, cancellationToken) is { } catalog)
            {
                tapArgs.Add(extractor.Can("catalog") ? "--catalog" : "--properties");
                tapArgs.Add(await PrivateFiles.WriteJsonAsync(work.FullName, "catalog.json", catalog, cancellationToken));
            }
            if (!extractor.Can("state"))
            {
                Log.Warning($"{extractor.Name} does not declare the state capability: it is run without --state");
            }
            var pipeline = new Pipeline(Quote(tapExecutable), tapArgs, Quote(ExecutablePath(loader, project)), ["--config", targetConfigFile], null,
                stateId, backend, options.FullRefresh, progress, extractor.Can("state"), label);
            return await PipeCommand.RunAsync(pipeline, cancellationToken);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The catalog given to the tap: the plugin's own <c>catalog</c> file as it is (as Meltano), else discovery with the select and metadata rules applied; null for a tap that takes none.</summary>
    private static async Task<Dictionary<string, object?>?> CatalogAsync(ProjectPlugin extractor, string executable, Dictionary<string, object?> config,
        string configFile, MeltanoProject project, bool refresh, CancellationToken cancellationToken)
    {
        if (!extractor.Can("catalog") && !extractor.Can("properties"))
        {
            if (extractor.Select is not null || extractor.Metadata.Count > 0)
            {
                Log.Warning($"{extractor.Name} declares neither the catalog nor the properties capability: its select and metadata are not applied");
            }
            return null;
        }
        if (extractor.Catalog is { } given)
        {
            Log.Info($"{extractor.Name}: using the catalog file {given} as it is (select and metadata are not applied to a given catalog, as in Meltano)");
            return await SingerJson.ReadObjectFileAsync(Path.Combine(project.Directory, given), "catalog", cancellationToken);
        }
        if (!extractor.Can("discover"))
        {
            throw new ConfigurationException($"{extractor.Name} declares no discover capability and has no catalog: file; give it one");
        }
        var discovered = await Discovery.CatalogAsync(extractor, executable, config, configFile, Path.Combine(project.Directory, ".singer"), refresh, cancellationToken);
        var catalog = Catalog.Parse(discovered);
        CatalogRules.Apply(catalog, extractor.Select ?? CatalogRules.SelectAll, extractor.Metadata);
        var selected = catalog.SelectedStreams.Select(s => s.TapStreamId).ToList();
        Log.Info($"{extractor.Name}: {selected.Count} of {catalog.Streams.Count} streams selected{(selected.Count > 0 ? ": " + string.Join(", ", selected.Take(20)) + (selected.Count > 20 ? ", …" : "") : "")}");
        return catalog.ToJson();
    }

    private static ProjectPlugin Plugin(Dictionary<string, ProjectPlugin> plugins, string name, string kind, MeltanoProject project) =>
        plugins.GetValueOrDefault(name) ?? throw new ConfigurationException(
            $"'{name}' is not an {kind} of {project.Path} ({kind}s: {(plugins.Count == 0 ? "none" : string.Join(", ", plugins.Keys))})");

    /// <summary>The plugin's executable: a name is looked up on PATH, a path with a '/' is relative to the project's folder.</summary>
    private static string ExecutablePath(ProjectPlugin plugin, MeltanoProject project) =>
        plugin.Executable.Contains('/') ? Path.GetFullPath(plugin.Executable, project.Directory) : plugin.Executable;

    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static async Task<int> RunAllAsync(MeltanoProject project, IStateBackend backend, RunOptions options,
        (ProgressMode Mode, TimeSpan Interval) progress, CancellationToken cancellationToken)
    {
        if (project.Pipelines.Count == 0)
        {
            throw new ConfigurationException($"{project.Path} has no pipelines: no jobs: tasks or schedules: with an extractor and a loader");
        }
        if (options.Jobs > 1 && progress.Mode == ProgressMode.Live)
        {
            throw new ConfigurationException("--progress live shows one pipeline: use log or off with --jobs above 1");
        }
        if (options.Jobs > 1 && progress.Mode == ProgressMode.Auto)
        {
            progress.Mode = ProgressMode.Off;
        }
        var shard = Shard.Parse(options.Shard);
        var pipelines = project.Pipelines.Where((_, i) => shard is null || i % shard.Value.Count == shard.Value.Index).ToList();
        Log.Info($"run --all: {pipelines.Count} of the project's {project.Pipelines.Count} pipelines"
            + (shard is { } s ? $" (shard {s.Index}/{s.Count})" : "") + $", {options.Jobs} at a time");
        using var gate = new SemaphoreSlim(options.Jobs);
        var results = await Task.WhenAll(pipelines.Select(async pipeline =>
        {
            try
            {
                await gate.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return (pipeline, Error: (string?)"not started (interrupted)", Seconds: 0.0);
            }
            try
            {
                return await RunOneAsync(project, pipeline, backend, options, progress, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
        foreach (var (pipeline, error, seconds) in results)
        {
            var time = seconds.ToString("F1", CultureInfo.InvariantCulture);
            if (error is null)
            {
                Log.Info($"pipeline {pipeline.StateId}: ok in {time} s");
            }
            else
            {
                Log.Error($"pipeline {pipeline.StateId}: failed in {time} s: {error}");
            }
        }
        var failed = results.Count(r => r.Error is not null);
        Log.Info($"run --all: {results.Length - failed} ok, {failed} failed");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.RuntimeFailure;
    }

    private static async Task<(ProjectPipeline Pipeline, string? Error, double Seconds)> RunOneAsync(MeltanoProject project, ProjectPipeline pipeline,
        IStateBackend backend, RunOptions options, (ProgressMode Mode, TimeSpan Interval) progress, CancellationToken cancellationToken)
    {
        if (pipeline.Problem is { } problem)
        {
            return (pipeline, problem, 0);
        }
        var clock = Stopwatch.StartNew();
        try
        {
            await RunPipelineAsync(project, pipeline.Extractor, pipeline.Loader, pipeline.StateId, backend, options, progress, pipeline.StateId, cancellationToken);
            return (pipeline, null, clock.Elapsed.TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (pipeline, "interrupted", clock.Elapsed.TotalSeconds);
        }
        catch (Exception ex)
        {
            var message = ex is SingerException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            Log.Error($"pipeline {pipeline.StateId}: {message.ReplaceLineEndings(" ")}");
            return (pipeline, message.ReplaceLineEndings(" "), clock.Elapsed.TotalSeconds);
        }
    }
}
