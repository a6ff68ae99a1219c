using System.Globalization;

namespace Reliability.Tests;

/// <summary>The processes below one process, read from /proc: how a test finds the target singer-run started.</summary>
public static class ProcessTree
{
    /// <summary>Every live descendant of <paramref name="root"/> with its command line.</summary>
    public static List<(int Pid, string CommandLine)> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Parent(pid) is { } parent)
            {
                parents[pid] = parent;
            }
        }
        var below = new List<(int, string)>();
        foreach (var pid in parents.Keys)
        {
            for (var up = parents[pid]; parents.ContainsKey(up) || up == root; up = parents[up])
            {
                if (up == root)
                {
                    below.Add((pid, CommandLine(pid)));
                    break;
                }
            }
        }
        return below;
    }

    /// <summary>SIGKILLs <paramref name="pid"/> if it still runs <paramref name="commandLine"/> (never a process that reused the id).</summary>
    public static void Kill(int pid, string commandLine)
    {
        if (CommandLine(pid) == commandLine)
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // It exited in between.
            }
        }
    }

    /// <summary>The parent of <paramref name="pid"/>: the field after the ")" that ends the name in /proc/pid/stat; null once it exited.</summary>
    private static int? Parent(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }
}
