using Singer.Sdk;
using SingerNet.Tests;

namespace TargetS3.Tests.Support;

/// <summary>Runs the target-s3 executable with a config written to a temporary file.</summary>
internal static class TargetProcess
{
    public static async Task<ProcessResult> RunAsync(Dictionary<string, object?> config, string stdin)
    {
        var path = await WriteConfigAsync(config);
        try
        {
            return await Executable.RunAsync("target-s3", ["--config", path], stdin);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static async Task<string> WriteConfigAsync(Dictionary<string, object?> config)
    {
        var path = Path.Combine(Path.GetTempPath(), $"target-s3-config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, SingerJson.Serialize(config));
        return path;
    }

    /// <summary>stdout's lines (the states the target passed on).</summary>
    public static string[] StdoutLines(ProcessResult result) => result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>stderr's CRITICAL lines.</summary>
    public static string[] CriticalLines(ProcessResult result) =>
        [.. result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))];
}
