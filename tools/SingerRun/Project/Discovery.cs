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
        if (!refresh && File.Exists(path))
        {
            Log.Info($"{extractor.Name}: using the catalog discovered before with this config ({path})");
            return await SingerJson.ReadObjectFileAsync(path, "cached catalog", cancellationToken);
        }
        Log.Info($"{extractor.Name}: discovering ({(refresh ? "--refresh-catalog" : "no catalog cached for this config")})");
        var text = await DiscoverAsync(extractor.Name, executable, configFile, cancellationToken);
        Dictionary<string, object?> catalog;
        try
        {
            catalog = SingerJson.Parse(text) as Dictionary<string, object?> ?? throw new ConfigurationException("not a JSON object");
            Catalog.Parse(catalog);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or SingerException)
        {
            throw new SingerException($"{extractor.Name} --discover did not write a catalog: {ex.Message}", ex);
        }
        // Owner-only: a catalog may name databases and tables the project keeps private.
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        foreach (var old in Directory.EnumerateFiles(directory, "*.json").Where(f => f != path))
        {
            File.Delete(old);
        }
        await StateFile.WriteAtomicAsync(path, catalog, cancellationToken);
        return catalog;
    }

    private static async Task<string> DiscoverAsync(string name, string executable, string configFile, CancellationToken cancellationToken)
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
