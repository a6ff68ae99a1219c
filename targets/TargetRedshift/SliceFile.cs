using System.IO.Compression;
using System.Text;
using Warehouse;

namespace TargetRedshift;

/// <summary>
/// One of a batch's <c>slices</c> files, filled as records arrive: CSV lines through gzip (or not) into a
/// temporary file, so a batch is never held in memory. Writes are synchronous and buffered (64 KiB).
/// </summary>
internal sealed class SliceFile : IDisposable
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false); // a lone surrogate becomes U+FFFD, as in every UTF-8 writer
    private readonly Stream _output;
    private readonly GZipStream? _gzip;
    private readonly StreamWriter _text;
    private bool _finished;

    public SliceFile(Stream output, bool gzip)
    {
        _output = output;
        _gzip = gzip ? new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true) : null;
        _text = new StreamWriter(_gzip ?? output, Utf8, 1 << 16, leaveOpen: true);
    }

    public int Rows { get; private set; }

    /// <summary>A slice in a temporary file, deleted when disposed.</summary>
    public static SliceFile Temporary(bool gzip) => new(
        new FileStream(Path.Combine(Path.GetTempPath(), $"target-redshift-{Guid.NewGuid():N}.csv"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose),
        gzip);

    public void Append(object?[] row, IReadOnlyList<WarehouseColumn> columns, string table)
    {
        CsvEncoding.WriteRow(_text, row, columns, table);
        Rows++;
    }

    /// <summary>Completes the file (the gzip trailer) and returns it from its first byte, ready to upload.</summary>
    public Stream Finish()
    {
        if (!_finished)
        {
            _text.Dispose();
            _gzip?.Dispose();
            _output.Flush();
            _finished = true;
        }
        _output.Position = 0;
        return _output;
    }

    public void Dispose()
    {
        if (!_finished)
        {
            // Not uploaded (the batch failed or was abandoned): the writers still hold buffers for a file about to be deleted.
            _text.Dispose();
            _gzip?.Dispose();
        }
        _output.Dispose();
    }
}
