using CommandLine;

namespace SingerRun;

/// <summary><c>singer-run run EXTRACTOR LOADER</c> or <c>singer-run run --all</c>: pipelines of a Meltano project file.</summary>
public sealed class RunOptions
{
    [Value(0, MetaName = "EXTRACTOR", HelpText = "An extractor of the project (plugins.extractors[].name).")]
    public string? Extractor { get; set; }

    [Value(1, MetaName = "LOADER", HelpText = "A loader of the project (plugins.loaders[].name).")]
    public string? Loader { get; set; }

    [Option("project", Default = "meltano.yml", HelpText = "The Meltano project file.")]
    public string Project { get; set; } = "meltano.yml";

    [Option("all", HelpText = "Run every pipeline of the project's jobs and schedules.")]
    public bool All { get; set; }

    [Option("jobs", Default = 1, HelpText = "--all: how many pipelines run at once.")]
    public int Jobs { get; set; } = 1;

    [Option("shard", HelpText = "--all: I/N runs only the pipelines at positions I, I+N, I+2N, … (default from JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT).")]
    public string? Shard { get; set; }

    [Option("state-id", HelpText = "The state id (default <extractor>-to-<loader>).")]
    public string? StateId { get; set; }

    [Option("state-backend", HelpText = "Where states are kept (default: MELTANO_STATE_BACKEND_URI, else the project's state_backend.uri, else <project dir>/.singer/state).")]
    public string? StateBackend { get; set; }

    [Option("full-refresh", HelpText = "Start without the stored state; it is replaced by this run's last state only when the run succeeds.")]
    public bool FullRefresh { get; set; }

    [Option("refresh-catalog", HelpText = "Run discovery again even when a catalog for this config is cached.")]
    public bool RefreshCatalog { get; set; }

    [Option("progress", Default = "auto", HelpText = "auto, live, log or off (with --jobs above 1, auto is off).")]
    public string Progress { get; set; } = "auto";

    [Option("progress-interval", Default = 30, HelpText = "Seconds between progress log lines (at least 1).")]
    public int ProgressInterval { get; set; } = 30;

    [Option("verbose", HelpText = "Log debug lines and stack traces.")]
    public bool Verbose { get; set; }
}
