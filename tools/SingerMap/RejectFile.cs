using System.Text;
using Singer.Sdk;

namespace SingerMap;

/// <summary>
/// Where the validate built-in sends records that fail their schema: one JSON line each, appended, with the input line,
/// stream, field, reason and the record as it came. It is flushed to disk before every STATE goes on, so a state a
/// target commits never covers a reject that was not yet written.
/// </summary>
internal sealed class RejectFile : IAsyncDisposable
{
    private readonly string _path;
    private readonly FileStream _file;

    /// <summary>Opens (creates) the file at once, so a path that cannot be written stops the run before any input is read.</summary>
    public RejectFile(string path)
    {
        _path = path;
        _file = Open();
    }

    public long Count { get; private set; }

    public async ValueTask WriteAsync(long lineNumber, RecordMessage record, ValidationError error, CancellationToken cancellationToken)
    {
        var line = SingerJson.Serialize(new Dictionary<string, object?>
        {
            ["line"] = lineNumber,
            ["stream"] = record.Stream,
            ["field"] = error.Path.Length == 0 ? null : error.Path,
            ["reason"] = error.Message,
            ["record"] = record.Record,
        }) + "\n";
        await _file.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken);
        Count++;
    }

    /// <summary>Flushes written rejects to disk (fsync), so they survive a crash once a STATE covering them is passed on.</summary>
    public async ValueTask SyncAsync(CancellationToken cancellationToken)
    {
        await _file.FlushAsync(cancellationToken);
        await Task.Run(() => _file.Flush(flushToDisk: true), cancellationToken); // fsync has no async form
    }

    private FileStream Open()
    {
        try
        {
            return new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read, 1 << 16, FileOptions.Asynchronous);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"validate: cannot write reject_file '{_path}': {ex.Message}", ex);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _file.FlushAsync();
        await Task.Run(() => _file.Flush(flushToDisk: true));
        await _file.DisposeAsync();
    }
}
