using CommandLine;

namespace Singer.Sdk;

/// <summary>The flags every Singer target takes; messages come on stdin unless --input names a file.</summary>
public sealed class TargetOptions
{
    [Option("config", HelpText = "Config JSON file; repeat to merge several, later files win.")]
    public IEnumerable<string> Config { get; set; } = [];

    [Option("input", HelpText = "Read the Singer stream from this file instead of stdin.")]
    public string? Input { get; set; }

    [Option("about", HelpText = "Print name, version, capabilities and settings, then exit.")]
    public bool About { get; set; }

    [Option("format", Default = "json", HelpText = "Format of --about: json or markdown.")]
    public string Format { get; set; } = "json";

    [Option("verbose", HelpText = "Log debug lines and stack traces.")]
    public bool Verbose { get; set; }
}
