using System.Text;
using Singer.Sdk.State;

namespace Singer.Sdk;

/// <summary>
/// Reads and durably writes state files. A write goes to a temporary file in the same directory, is
/// fsynced, then renamed over the old file (and the directory fsynced), so a crash leaves either the
/// old state or the new one, never a torn file.
/// </summary>
public static class StateFile
{
    /// <summary>
    /// Loads a state file. It may hold the bare state object or a STATE message (the last line of a
    /// tap's output); an empty file is an empty state.
    /// </summary>
    public static async Task<SingerState> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (File.Exists(path) && new FileInfo(path).Length == 0)
        {
            return new SingerState();
        }
        var value = await SingerJson.ReadObjectFileAsync(path, "state", cancellationToken);
        if (value.GetValueOrDefault("type") is "STATE" && value.GetValueOrDefault("value") is Dictionary<string, object?> inner)
        {
            value = inner;
        }
        // Bookmarks that are not an object would read as none: a silent full resync of every stream.
        if (value.TryGetValue("bookmarks", out var bookmarks) && bookmarks is not Dictionary<string, object?>)
        {
            throw new ConfigurationException(
                $"state file '{path}': \"bookmarks\" must be an object, got {Serialization.MessageFields.Describe(bookmarks)}");
        }
        return new SingerState(value);
    }

    public static async Task WriteAtomicAsync(string path, Dictionary<string, object?> state, CancellationToken cancellationToken = default)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath)!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.tmp");
        var bytes = Encoding.UTF8.GetBytes(SingerJson.Serialize(state) + "\n");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
            {
                await file.WriteAsync(bytes, cancellationToken);
                await file.FlushAsync(cancellationToken);
                RandomAccess.FlushToDisk(file.SafeFileHandle);
            }
            File.Move(temporary, fullPath, overwrite: true);
            DirectorySync.Flush(directory);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
