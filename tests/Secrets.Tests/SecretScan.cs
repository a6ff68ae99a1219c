using System.Text;

namespace Secrets.Tests;

/// <summary>
/// Secrets for one test, each a value that occurs nowhere else, and the checks that none of them shows up where a user
/// or a log collector would see it: a run's stdout (records, STATE) and stderr (logs, errors, stack traces with
/// --verbose), and every file the run wrote in the test's folder. Config files are the one place secrets belong.
/// </summary>
public sealed class SecretScan : IDisposable
{
    /// <summary>A short stream every target loads: a SCHEMA of <c>orders</c>, one RECORD, its STATE.</summary>
    public const string OrdersInput = """
        {"type":"SCHEMA","stream":"orders","schema":{"type":"object","properties":{"id":{"type":"integer"},"note":{"type":["null","string"]}}},"key_properties":["id"]}
        {"type":"RECORD","stream":"orders","record":{"id":1,"note":"first"}}
        {"type":"STATE","value":{"bookmarks":{"orders":{"id":1}}}}

        """;

    private readonly List<string> _secrets = [];
    private readonly HashSet<string> _configs = new(StringComparer.Ordinal);

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "secrets-" + Guid.NewGuid().ToString("N")[..12]);

    public SecretScan() => System.IO.Directory.CreateDirectory(Directory);

    /// <summary>A new secret, shaped as secrets are (letters, digits, a dash) and unique to this test.</summary>
    public string New(string kind)
    {
        var secret = $"{kind}-{Guid.NewGuid():N}"[..Math.Min(kind.Length + 21, 40)];
        _secrets.Add(secret);
        return secret;
    }

    /// <summary>Writes a config file (the one place the secrets may be) and returns its path.</summary>
    public string Config(string name, JsonObject config)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, config.ToJsonString());
        _configs.Add(path);
        return path;
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Fails naming the secret and where it appeared, with the text around it.</summary>
    public void AssertClean(ProcessResult run, string what)
    {
        AssertClean(run.Stdout, $"{what}: stdout");
        AssertClean(run.Stderr, $"{what}: stderr");
        AssertFilesClean(what);
    }

    public void AssertClean(string text, string where)
    {
        foreach (var secret in _secrets)
        {
            var at = text.IndexOf(secret, StringComparison.Ordinal);
            at.Should().BeLessThan(0, $"{where} must not show the secret '{secret}', but has: …{Around(text, at)}…");
        }
    }

    /// <summary>Every file under the test's folder but the configs, as bytes read as UTF-8 (a database file included).</summary>
    public void AssertFilesClean(string what)
    {
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories).Where(f => !_configs.Contains(f)))
        {
            AssertClean(Encoding.UTF8.GetString(File.ReadAllBytes(file)), $"{what}: file {Path.GetFileName(file)}");
        }
    }

    private static string Around(string text, int at) => at < 0 ? "" : text.Substring(Math.Max(0, at - 120), Math.Min(text.Length - Math.Max(0, at - 120), 240));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
