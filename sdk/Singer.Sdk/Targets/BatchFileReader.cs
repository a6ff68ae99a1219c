using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;

namespace Singer.Sdk.Targets;

/// <summary>
/// Reads the files a BATCH message lists (Meltano's spec): local <c>file://</c> URIs holding one JSON
/// record per line, optionally gzip-compressed, each inside the configured root (see <see cref="BatchStorageRoot"/>).
/// </summary>
internal static class BatchFileReader
{
    public readonly record struct BatchRecord(RecordMessage Message, int ByteCount);

    public static async IAsyncEnumerable<BatchRecord> ReadAsync(BatchMessage batch, BatchStorageRoot root, long lineNumber, [EnumeratorCancellation] CancellationToken ct)
    {
        if (batch.Encoding.Format != "jsonl")
        {
            throw new ProtocolException(lineNumber, $"BATCH format '{batch.Encoding.Format}' is not supported (only jsonl)", batch.Stream);
        }
        foreach (var uri in batch.Manifest)
        {
            var path = root.Check(LocalPath(uri, lineNumber, batch.Stream), lineNumber, batch.Stream);
            await using var file = OpenFile(path, lineNumber, batch.Stream);
            await using var decompressed = batch.Encoding.Compression is "gzip" ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            using var text = new StreamReader(decompressed, Encoding.UTF8);
            var fileLine = 0;
            while (await text.ReadLineAsync(ct) is { } line)
            {
                fileLine++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }
                yield return new BatchRecord(new RecordMessage(batch.Stream, ParseRecord(line, uri, fileLine, lineNumber, batch.Stream)), line.Length + 1);
            }
        }
    }

    private static Dictionary<string, object?> ParseRecord(string line, string uri, int fileLine, long lineNumber, string stream)
    {
        try
        {
            return SingerJson.Parse(line) as Dictionary<string, object?>
                ?? throw new ProtocolException(lineNumber, $"batch file {uri} line {fileLine}: a record must be a JSON object", stream);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ProtocolException(lineNumber, $"batch file {uri} line {fileLine}: invalid JSON: {ex.Message}", stream);
        }
    }

    private static string LocalPath(string uri, long lineNumber, string stream)
    {
        if (Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile && !parsed.IsUnc)
        {
            return parsed.LocalPath;
        }
        throw new ProtocolException(lineNumber, $"BATCH manifest entry '{uri}' is not a local file:// URI", stream);
    }

    private static FileStream OpenFile(string path, long lineNumber, string stream)
    {
        try
        {
            return File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ProtocolException(lineNumber, $"cannot read batch file '{path}': {ex.Message}", stream);
        }
    }
}
