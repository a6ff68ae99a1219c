using CommandLine;

namespace Singer.Sdk;

/// <summary>The flags every Singer tap takes (same names as the Python taps).</summary>
public sealed class TapOptions
{
    [Option("config", HelpText = "Config JSON file; repeat to merge several, later files win.")]
    public IEnumerable<string> Config { get; set; } = [];

    [Option("discover", HelpText = "Print the catalog of available streams and exit.")]
    public bool Discover { get; set; }

    [Option("catalog", HelpText = "Catalog JSON file choosing streams, fields and replication methods.")]
    public string? Catalog { get; set; }

    [Option("properties", HelpText = "Legacy alias of --catalog.")]
    public string? Properties { get; set; }

    [Option("state", HelpText = "State JSON file to resume from (the last STATE of a previous run).")]
    public string? State { get; set; }

    [Option("about", HelpText = "Print name, version, capabilities and settings, then exit.")]
    public bool About { get; set; }

    [Option("format", Default = "json", HelpText = "Format of --about: json or markdown.")]
    public string Format { get; set; } = "json";

    [Option("test", HelpText = "Check the connection with the config and exit.")]
    public bool Test { get; set; }

    [Option("verbose", HelpText = "Log debug lines and stack traces.")]
    public bool Verbose { get; set; }

    /// <summary>--catalog, or its legacy alias --properties.</summary>
    public string? CatalogPath => Catalog ?? Properties;
}
