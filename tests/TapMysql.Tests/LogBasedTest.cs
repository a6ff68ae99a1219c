using System.Text.Json.Nodes;
using MySqlConnector;

namespace TapMysql.Tests;

/// <summary>Helpers of the LOG_BASED tests: binlog coordinates, runs with a state, the messages of a run.</summary>
public abstract class LogBasedTest : MysqlTest
{
    protected string Id(string table) => $"{Db.Name}-{table}";

    /// <summary>SHOW MASTER STATUS now.</summary>
    protected static async Task<(string File, long Position)> MasterStatusAsync()
    {
        await using var connection = new MySqlConnection(MysqlDatabase.ConnectionString());
        await connection.OpenAsync();
        await using var command = new MySqlCommand("SHOW MASTER STATUS", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), Convert.ToInt64(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture));
    }

    protected static long FileNumber(string file) => long.Parse(file[(file.LastIndexOf('.') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    protected static int CompareFiles(string left, string right) => FileNumber(left).CompareTo(FileNumber(right));

    protected static bool AtOrAfter(JsonNode bookmark, (string File, long Position) position)
    {
        var byFile = CompareFiles((string)bookmark["log_file"]!, position.File);
        return byFile > 0 || (byFile == 0 && (long)bookmark["log_pos"]! >= position.Position);
    }

    protected async Task<(string Config, string Catalog)> SetUpAsync(JsonObject? config = null, Action<JsonObject>? edit = null)
    {
        var path = Db.WriteConfig(config);
        return (path, await TapRun.SelectAllAsync(Db, path, "LOG_BASED", edit: edit));
    }

    /// <summary>A catalog edit that selects only the streams whose table passes <paramref name="selected"/>.</summary>
    protected static Action<JsonObject> SelectOnly(Func<string, bool> selected) => catalog =>
    {
        foreach (var stream in catalog["streams"]!.AsArray())
        {
            TapRun.Metadata(stream!.AsObject(), [])["selected"] = selected((string)stream["table_name"]!);
        }
    };

    protected async Task<ProcessResult> RunAsync(string config, string catalog, JsonObject? state = null)
    {
        var args = new List<string> { "--config", config, "--catalog", catalog };
        if (state is not null)
        {
            args.AddRange(["--state", Db.WriteFile($"state-{Guid.NewGuid():N}.json", state.ToJsonString())]);
        }
        return await TapRun.RunAsync([.. args]);
    }

    /// <summary>A state in the Python tap's shape: <c>{"currently_syncing": null, "bookmarks": {id: {"version", "log_file", "log_pos"}}}</c>.</summary>
    protected static JsonObject Bookmark(string id, long version, string file, long position) => new()
    {
        ["currently_syncing"] = null,
        ["bookmarks"] = new JsonObject { [id] = new JsonObject { ["version"] = version, ["log_file"] = file, ["log_pos"] = position } },
    };

    /// <summary>The one CRITICAL line of a failed run (INFO lines may come before it).</summary>
    protected static string Critical(ProcessResult run) =>
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(l => l.StartsWith("CRITICAL ", StringComparison.Ordinal)).Subject;

    protected static List<string> Types(ProcessResult run) =>
        TapRun.Messages(run.Stdout).Select(m => (string)m["type"]!).ToList();

    /// <summary>
    /// The message types with each run of STATEs collapsed to one and a STATE right after a SCHEMA dropped. Other
    /// tests' transactions logged meanwhile (in other databases of the shared server) add STATEs every export_batch_rows
    /// transactions, never a record and never a STATE inside one of ours; this is the shape they cannot change.
    /// </summary>
    protected static List<string> ChangeShape(ProcessResult run)
    {
        var shape = new List<string>();
        foreach (var type in Types(run))
        {
            if (type == "STATE" && shape.Count > 0 && shape[^1] is "STATE" or "SCHEMA")
            {
                continue;
            }
            shape.Add(type);
        }
        return shape;
    }

    /// <summary>The RECORD lines' record objects as compact JSON, in order.</summary>
    protected static List<string> RecordLines(ProcessResult run) =>
        TapRun.Records(run.Stdout).Select(r => r.ToJsonString()).ToList();
}
