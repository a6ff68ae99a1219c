namespace Singer.Sdk.Tests.Support;

/// <summary>A fresh directory per test, removed afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "singer-sdk-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public async Task<string> WriteAsync(string name, string content)
    {
        var path = File(name);
        await System.IO.File.WriteAllTextAsync(path, content);
        return path;
    }

    public IReadOnlyList<string> FileNames() =>
        Directory.EnumerateFileSystemEntries(Path).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal).ToList()!;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
