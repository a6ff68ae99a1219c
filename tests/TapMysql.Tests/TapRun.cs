using System.Text.Json.Nodes;

namespace TapMysql.Tests;

/// <summary>Runs tap-mysql as a process and parses its output lines.</summary>
public static class TapRun
{
    public static Task<ProcessResult> RunAsync(params string[] args) => Executable.RunAsync("tap-mysql", args);

    public static async Task<JsonObject> DiscoverAsync(string config)
    {
        var result = await RunAsync("--config", config, "--discover");
        result.ExitCode.Should().Be(0, result.Stderr);
        return JsonNode.Parse(result.Stdout)!.AsObject();
    }

    /// <summary>Discovers, selects every stream (optionally with a replication method and key), writes the catalog.</summary>
    public static async Task<string> SelectAllAsync(MysqlDatabase db, string config, string method = "FULL_TABLE", string? replicationKey = null,
        Action<JsonObject>? edit = null)
    {
        var catalog = await DiscoverAsync(config);
        foreach (var stream in catalog["streams"]!.AsArray())
        {
            var root = Metadata(stream!.AsObject(), []);
            root["selected"] = true;
            root["replication-method"] = method;
            if (replicationKey is not null)
            {
                root["replication-key"] = replicationKey;
            }
        }
        edit?.Invoke(catalog);
        return db.WriteFile("catalog.json", catalog.ToJsonString());
    }

    /// <summary>The metadata object at a breadcrumb of a catalog stream.</summary>
    public static JsonObject Metadata(JsonObject stream, string[] breadcrumb)
    {
        foreach (var entry in stream["metadata"]!.AsArray())
        {
            var crumb = entry!["breadcrumb"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
            if (crumb.SequenceEqual(breadcrumb))
            {
                return entry["metadata"]!.AsObject();
            }
        }
        throw new InvalidOperationException("no metadata at [" + string.Join(",", breadcrumb) + "]");
    }

    public static List<JsonObject> Messages(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    public static List<JsonObject> Records(string stdout) =>
        Messages(stdout).Where(m => (string)m["type"]! == "RECORD").Select(m => m["record"]!.AsObject()).ToList();

    public static JsonObject LastState(string stdout) =>
        Messages(stdout).Last(m => (string)m["type"]! == "STATE")["value"]!.AsObject();
}
