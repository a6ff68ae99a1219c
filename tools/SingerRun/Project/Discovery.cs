using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Singer.Sdk;

namespace SingerRun.Project;

/// <summary>
/// Runs an extractor's discovery (<c>EXECUTABLE --config FILE --discover</c>) and keeps the catalog under
/// <c>.singer/discovery/&lt;extractor&gt;/&lt;hash&gt;.json</c>, the hash over the executable and the resolved config: the
/// same config reuses it, a changed one discovers again (and the older catalogs of that extractor are removed).
/// </summary>
internal static class Discovery
{
    private const int LinesKept = 5;

    public static async Task<Dictionary<string, object?>> CatalogAsync(ProjectPlugin extractor, string executable, Dictionary<string, object?> config,
        string configFile, string cacheRoot, bool refresh, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(executable + "\n" + SingerJson.Serialize(config))))[..32];
        var directory = Path.Combine(cacheRoot, "discovery", extractor.Name);
        var path = Path.Combine(directory, key + ".json");
        // Pipelines of one extractor running at once (--all --jobs) discover once: the second waits and reads the cache.
        var gate = Gates.GetOrAdd(path, _ => new SemaphoreSlim(1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!refresh && File.Exists(path))
            {
                Log.Info($"{extractor.Name}: using the catalog discovered before with this config ({path})");
                return await SingerJson.ReadObjectFileAsync(path, "cached catalog", cancellationToken);
            }
            var catalog = await DiscoverAsync(extractor.Name, executable, configFile, refresh, cancellationToken);
            await StoreAsync(directory, path, catalog, cancellationToken);
            return catalog;
        }
        finally
        {
            gate.Release();
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    private static async Task<Dictionary<string, object?>> DiscoverAsync(string name, string executable, string configFile, bool refresh, CancellationToken cancellationToken)
    {
        Log.Info($"{name}: discovering ({(refresh ? "--refresh-catalog" : "no catalog cached for this config")})");
        var text = await RunDiscoveryAsync(name, executable, configFile, cancellationToken);
        Dictionary<string, object?> catalog;
        try
        {
            catalog = SingerJson.Parse(text) as Dictionary<string, object?> ?? throw new ConfigurationException("not a JSON object");
            Catalog.Parse(catalog);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or SingerException)
        {
            throw new SingerException($"{name} --discover did not write a catalog: {ex.Message}", ex);
        }
        return catalog;
    }

    /// <summary>Writes the catalog under a name of its own, then renames it into place (other processes may read or write the same one), and removes older catalogs of the extractor.</summary>
    private static async Task StoreAsync(string directory, string path, Dictionary<string, object?> catalog, CancellationToken cancellationToken)
    {
        // Owner-only: a catalog may name databases and tables the project keeps private.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var temporary = Path.Combine(directory, $".{Guid.NewGuid():N}.tmp");
        await File.WriteAllTextAsync(temporary, SingerJson.Serialize(catalog), cancellationToken);
        File.Move(temporary, path, overwrite: true);
        foreach (var old in Directory.EnumerateFiles(directory, "*.json").Where(f => f != path))
        {
            File.Delete(old);
        }
    }

    private static async Task<string> RunDiscoveryAsync(string name, string executable, string configFile, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configFile);
        start.ArgumentList.Add("--discover");
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new SingerException($"could not start {executable}");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new ConfigurationException($"{name}: executable '{executable}' could not be started: {ex.Message}", ex);
        }
        using (process)
        {
            var lastLines = new Queue<string>();
            var stderr = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync() is { } line)
                {
                    await Console.Error.WriteLineAsync($"{name} --discover | {SecretRedactor.Redact(line)}");
                    lastLines.Enqueue(line);
                    if (lastLines.Count > LinesKept)
                    {
                        lastLines.Dequeue();
                    }
                }
            }, CancellationToken.None);
            var stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            await stderr;
            if (process.ExitCode != 0)
            {
                var last = lastLines.LastOrDefault(l => l.Trim().Length > 0) ?? "(no stderr)";
                throw new SingerException($"{name} --discover failed (exit {process.ExitCode}); its last line: {SecretRedactor.Redact(last)}");
            }
            return stdout;
        }
    }
}
