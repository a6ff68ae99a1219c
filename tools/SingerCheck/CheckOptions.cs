using CommandLine;
using Singer.Sdk;

namespace SingerCheck;

/// <summary>singer-check's flags.</summary>
public sealed class CheckOptions
{
    [Value(0, MetaName = "FILE", HelpText = "Singer stream to check; stdin when absent or '-'.")]
    public string? File { get; set; }

    [Option("all", HelpText = "Report every error instead of stopping at the first.")]
    public bool All { get; set; }

    [Option("max-line-bytes", Default = SingerReader.DefaultMaxLineBytes, HelpText = "Longest line read, in bytes; a longer one is an error naming its line.")]
    public long MaxLineBytes { get; set; } = SingerReader.DefaultMaxLineBytes;

    [Option("verbose", HelpText = "Log debug lines and stack traces.")]
    public bool Verbose { get; set; }
}
