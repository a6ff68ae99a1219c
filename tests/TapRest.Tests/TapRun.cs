using System.Text.Json.Nodes;

namespace TapRest.Tests;

/// <summary>Runs tap-rest as a process with a config written to a temporary folder, and reads its output lines.</summary>
public static class TapRun
{
    public static async Task<ProcessResult> RunAsync(string config, params string[] args)
    {
        var folder = Directory.CreateTempSubdirectory("tap-rest-");
        try
        {
            var configPath = Path.Combine(folder.FullName, "config.json");
            await File.WriteAllTextAsync(configPath, config);
            var files = args.Select(a => a.StartsWith('{') ? WriteFile(folder.FullName, a) : a).ToList();
            return await Executable.RunAsync("tap-rest", ["--config", configPath, .. files]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>An argument that is a JSON object (a state, a catalog) goes in a file and the file's path is passed.</summary>
    private static string WriteFile(string folder, string json)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".json");
        File.WriteAllText(path, json);
        return path;
    }

    public static string[] Lines(string stdout) => stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static string[] Records(string stdout) => Lines(stdout).Where(l => l.StartsWith("{\"type\":\"RECORD\"", StringComparison.Ordinal)).ToArray();

    public static string[] Schemas(string stdout) => Lines(stdout).Where(l => l.StartsWith("{\"type\":\"SCHEMA\"", StringComparison.Ordinal)).ToArray();

    public static string LastState(string stdout) => Lines(stdout).Last(l => l.StartsWith("{\"type\":\"STATE\"", StringComparison.Ordinal));

    /// <summary>The CRITICAL line that ended a failed run.</summary>
    public static string Critical(string stderr) => stderr.Split('\n').Single(l => l.StartsWith("CRITICAL", StringComparison.Ordinal)).TrimEnd('\r');

    public static JsonObject Json(string line) => JsonNode.Parse(line)!.AsObject();
}
