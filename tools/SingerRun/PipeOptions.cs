using CommandLine;

namespace SingerRun;

/// <summary>singer-run's flags for one pipeline: <c>singer-run --tap "…" --target "…" --state-id NAME</c>.</summary>
public sealed class PipeOptions
{
    [Option("tap", Required = true, HelpText = "The tap's command line (run by /bin/sh; --state FILE is added when a state is stored).")]
    public string Tap { get; set; } = "";

    [Option("target", Required = true, HelpText = "The target's command line (run by /bin/sh).")]
    public string Target { get; set; } = "";

    [Option("map", HelpText = "A singer-map config: runs singer-map --config FILE between tap and target.")]
    public string? Map { get; set; }

    [Option("state-id", Required = true, HelpText = "The name the pipeline's state is kept under (Meltano: <tap>-to-<target>).")]
    public string StateId { get; set; } = "";

    [Option("state-backend", HelpText = "Where states are kept: file:///dir (default ./.singer/state), s3://bucket/prefix?endpoint_url=…, postgresql://user:password@host:port/db?schema=…")]
    public string? StateBackend { get; set; }

    [Option("full-refresh", HelpText = "Start without the stored state; it is replaced by this run's last state only when the run succeeds.")]
    public bool FullRefresh { get; set; }

    [Option("progress", Default = "auto", HelpText = "auto (a live table on a terminal, else log lines), live, log or off.")]
    public string Progress { get; set; } = "auto";

    [Option("progress-interval", Default = 30, HelpText = "Seconds between progress log lines (at least 1).")]
    public int ProgressInterval { get; set; } = 30;

    [Option("verbose", HelpText = "Log debug lines and stack traces.")]
    public bool Verbose { get; set; }
}

/// <summary><c>singer-run state list|get|set|clear|copy</c>, as <c>meltano state</c>.</summary>
public sealed class StateOptions
{
    [Value(0, MetaName = "ACTION", Required = true, HelpText = "list, get, set, clear or copy.")]
    public string Action { get; set; } = "";

    [Value(1, MetaName = "STATE_ID", HelpText = "The state id (list: a glob of state ids).")]
    public string? StateId { get; set; }

    [Value(2, MetaName = "VALUE", HelpText = "set: the state JSON ({\"singer_state\": …}); copy: the destination state id.")]
    public string? Value { get; set; }

    [Option("input-file", HelpText = "set: read the state JSON from this file.")]
    public string? InputFile { get; set; }

    [Option("to-state-backend", HelpText = "copy: the backend the state (STATE_ID, or every state when none is given) is copied to, under the same id.")]
    public string? ToStateBackend { get; set; }

    [Option("state-backend", HelpText = "Where states are kept: file:///dir (default ./.singer/state), s3://bucket/prefix?endpoint_url=…, postgresql://user:password@host:port/db?schema=…")]
    public string? StateBackend { get; set; }

    [Option("verbose", HelpText = "Log debug lines and stack traces.")]
    public bool Verbose { get; set; }
}
