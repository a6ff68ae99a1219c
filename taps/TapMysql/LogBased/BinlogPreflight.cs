using System.Text.RegularExpressions;
using MySqlConnector;
using Singer.Sdk;

namespace TapMysql.LogBased;

/// <summary>
/// Checks, before anything is emitted, that the server writes a binary log LOG_BASED can read (row events
/// with every column of the row) and that the user may read it. Each problem is one line naming the
/// setting, its value and the fix.
/// </summary>
internal static partial class BinlogPreflight
{
    private static readonly string[] Variables = ["log_bin", "binlog_format", "binlog_row_image"];

    public static async Task RunAsync(MySqlConnection connection, CancellationToken ct)
    {
        var variables = await ReadVariablesAsync(connection, ct);
        var grants = await ReadGrantsAsync(connection, ct);
        var problems = Problems(variables, grants);
        if (problems.Count == 0)
        {
            return;
        }
        foreach (var problem in problems.SkipLast(1))
        {
            Log.Error(problem);
        }
        throw new ConfigurationException(problems[^1]);
    }

    /// <summary>The problems, in the order a user would fix them; none when LOG_BASED can run.</summary>
    /// <param name="variables">Global variables by lower-case name (a missing one reads as unset).</param>
    /// <param name="grants">The lines of SHOW GRANTS for the current user.</param>
    public static List<string> Problems(IReadOnlyDictionary<string, string> variables, IReadOnlyList<string> grants)
    {
        var problems = new List<string>();
        var logBin = variables.GetValueOrDefault("log_bin") ?? "(unset)";
        if (!logBin.Equals("ON", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"LOG_BASED needs the binary log, but log_bin is {logBin}: start the server with log_bin " +
                "(e.g. log_bin=mysql-bin and a server_id in my.cnf), binlog_format=ROW and binlog_row_image=FULL");
            return problems;
        }
        var format = variables.GetValueOrDefault("binlog_format") ?? "(unset)";
        if (!format.Equals("ROW", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"LOG_BASED needs row events, but binlog_format is {format}: set binlog_format=ROW " +
                "(SET GLOBAL binlog_format='ROW' and in my.cnf; changes made before it are not in the log as rows)");
        }
        var image = variables.GetValueOrDefault("binlog_row_image") ?? "(unset)";
        if (!image.Equals("FULL", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"LOG_BASED needs every column of each changed row, but binlog_row_image is {image}: set binlog_row_image=FULL " +
                "(SET GLOBAL binlog_row_image='FULL' and in my.cnf)");
        }
        var privileges = GlobalPrivileges(grants);
        var missing = new List<string>();
        if (!privileges.Overlaps(["ALL", "ALL PRIVILEGES", "REPLICATION SLAVE"]))
        {
            missing.Add("REPLICATION SLAVE");
        }
        // MariaDB 10.5 renamed REPLICATION CLIENT to BINLOG MONITOR (the old name is an alias of it).
        if (!privileges.Overlaps(["ALL", "ALL PRIVILEGES", "REPLICATION CLIENT", "BINLOG MONITOR"]))
        {
            missing.Add("REPLICATION CLIENT");
        }
        if (missing.Count > 0)
        {
            var user = grants.Select(g => GrantTarget().Match(g)).FirstOrDefault(m => m.Success)?.Groups[1].Value ?? "the user";
            problems.Add($"LOG_BASED reads the binary log as a replica, but the user lacks {string.Join(" and ", missing)} " +
                $"(SHOW GRANTS lists no such privilege ON *.*): GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO {user}");
        }
        return problems;
    }

    /// <summary>The privileges granted ON *.* (upper case), from every GRANT line (the user's and its active role's).</summary>
    private static HashSet<string> GlobalPrivileges(IReadOnlyList<string> grants)
    {
        var privileges = new HashSet<string>(StringComparer.Ordinal);
        foreach (var grant in grants)
        {
            var match = GlobalGrant().Match(grant);
            if (match.Success)
            {
                foreach (var privilege in match.Groups[1].Value.Split(','))
                {
                    privileges.Add(privilege.Trim().ToUpperInvariant());
                }
            }
        }
        return privileges;
    }

    [GeneratedRegex(@"^GRANT (.+?) ON \*\.\* TO ", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex GlobalGrant();

    [GeneratedRegex(@" TO (\S+@\S+)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex GrantTarget();

    private static async Task<Dictionary<string, string>> ReadVariablesAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var command = new MySqlCommand(
            $"SHOW GLOBAL VARIABLES WHERE Variable_name IN ({string.Join(", ", Variables.Select(v => $"'{v}'"))})", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadAsync(ct))
        {
            values[reader.GetString(0).ToLowerInvariant()] = await reader.IsDBNullAsync(1, ct) ? "" : reader.GetString(1);
        }
        return values;
    }

    private static async Task<List<string>> ReadGrantsAsync(MySqlConnection connection, CancellationToken ct)
    {
        await using var command = new MySqlCommand("SHOW GRANTS", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var grants = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            grants.Add(reader.GetString(0));
        }
        return grants;
    }
}
