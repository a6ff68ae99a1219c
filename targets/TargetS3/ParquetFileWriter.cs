using Parquet;
using Parquet.Schema;
using Singer.Sdk;

namespace TargetS3;

/// <summary>
/// One Parquet file being written into an upload: records are buffered as columns and written a row group at a time,
/// so memory holds one row group, never the file. <see cref="CompleteAsync"/> writes the last row group and the footer.
/// </summary>
internal sealed class ParquetFileWriter
{
    /// <summary>Rows per row group unless max_file_rows is smaller: big enough for readers to skip well, small enough to buffer.</summary>
    public const int DefaultRowGroupRows = 100_000;

    private readonly ParquetWriter _writer;
    private readonly ParquetColumn[] _columns;
    private readonly string[] _added;
    private readonly long _rowGroupRows;
    private int _buffered;

    private ParquetFileWriter(ParquetWriter writer, ParquetColumn[] columns, string[] added, long rowGroupRows)
    {
        _writer = writer;
        _columns = columns;
        _added = added;
        _rowGroupRows = rowGroupRows;
    }

    public static async Task<ParquetFileWriter> CreateAsync(Stream output, S3Options options, SchemaMessage schema, CancellationToken cancellationToken)
    {
        var columns = ParquetColumns.For(schema, options.AddedColumns);
        var parquetOptions = new ParquetOptions
        {
            // The compression setting applies inside the file: a gzipped Parquet file is not a Parquet file to readers.
            CompressionMethod = options.Gzip ? CompressionMethod.Gzip : CompressionMethod.None,
        };
        var writer = await ParquetWriter.CreateAsync(
            new ParquetSchema(columns.Select(c => (Field)c.Field).ToArray()), output, parquetOptions, append: false, cancellationToken);
        var rows = options.MaxFileRows > 0 ? Math.Min(options.MaxFileRows, DefaultRowGroupRows) : DefaultRowGroupRows;
        return new ParquetFileWriter(writer, columns, options.AddedColumns, rows);
    }

    public async Task WriteAsync(RecordMessage record, string batchedAt, CancellationToken cancellationToken)
    {
        var added = 0;
        try
        {
            var count = _columns.Length - _added.Length;
            for (; added < _columns.Length; added++)
            {
                _columns[added].Add(added < count
                    ? record.Record.GetValueOrDefault(_columns[added].Name)
                    : RecordEncoder.AddedValue(_added[added - count], record, batchedAt));
            }
        }
        catch (SingerException)
        {
            // The refused record is not part of the file: the records before it still complete (the driver loads them).
            for (var i = 0; i < added; i++)
            {
                _columns[i].RemoveLast();
            }
            throw;
        }
        _buffered++;
        if (_buffered >= _rowGroupRows)
        {
            await WriteRowGroupAsync(cancellationToken);
        }
    }

    /// <summary>Writes what is buffered and the footer; the upload then holds the whole file.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await WriteRowGroupAsync(cancellationToken);
        await _writer.DisposeAsync();
    }

    /// <summary>Releases the writer after a failure; what it still writes goes nowhere. Never throws.</summary>
    public async Task AbortAsync()
    {
        try
        {
            await _writer.DisposeAsync();
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The upload is already closed to writes: the footer has nowhere to go, and is not wanted.
        }
    }

    private async Task WriteRowGroupAsync(CancellationToken ct)
    {
        if (_buffered == 0)
        {
            return;
        }
        using (var rowGroup = _writer.CreateRowGroup())
        {
            foreach (var column in _columns)
            {
                await column.WriteAsync(rowGroup, ct);
            }
            rowGroup.CompleteValidate();
        }
        _buffered = 0;
    }
}
