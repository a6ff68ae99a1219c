namespace SingerMap.Tests;

/// <summary>Runs singer-map as a process with a config written to a temp file, and reads its output lines.</summary>
internal static class MapRun
{
    /// <summary>JSON text as singer-map writes it: non-ASCII characters and '&amp;' as themselves, not \u escapes.</summary>
    public static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static async Task<ProcessResult> RunAsync(string config, string input, params string[] extraArgs)
    {
        var path = Path.Combine(Path.GetTempPath(), "singer-map-" + Guid.NewGuid().ToString("N")[..12] + ".json");
        await File.WriteAllTextAsync(path, config);
        try
        {
            return await Executable.RunAsync("singer-map", ["--config", path, .. extraArgs], stdin: input);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static List<JsonObject> Messages(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    /// <summary>Each output line's type and, for RECORD, its record's compact JSON; for STATE its value's.</summary>
    public static List<string> Summary(string stdout) =>
        Messages(stdout).Select(m => (string)m["type"]! switch
        {
            "RECORD" => "RECORD " + m["record"]!.ToJsonString(MapRun.Relaxed),
            "STATE" => "STATE " + m["value"]!.ToJsonString(MapRun.Relaxed),
            var type => type + " " + (string?)m["stream"],
        }).ToList();

    public static string TempDirectory()
    {
        var path = Path.Combine(Path.GetTempPath(), "singer-map-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        return path;
    }
}
