using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Singer.Sdk;
using Warehouse;

namespace TargetDuckDb;

/// <summary>
/// One batch of one stream, staged in newline-delimited JSON files that DuckDB's own JSON reader loads (see
/// <see cref="JsonStaging"/>): records the parsing thread transcoded go to one file as they came, wrapped with their
/// sequence number and metadata; rows built the ordinary way go to another, one property per stage column. Every
/// <see cref="ChunkLines"/> lines a file is closed and the reader connection loads it into the batch's staging table
/// (in the in-memory staging catalog) while the next chunk fills and the batch before merges; the commit loads the
/// last chunks and merges the stage into the table in one transaction on the main connection.
/// </summary>
internal sealed class DuckDbStagedBatch : StagedBatch
{
    private const int DefaultMaximumObjectSize = 16 * 1024 * 1024;

    /// <summary>Lines per chunk file: a few reads per batch, each big enough that a read's fixed cost does not show.</summary>
    private const int ChunkLines = 16_384;

    private const long ChunkBytes = 8 * 1024 * 1024;
    private static int _stages;

    private readonly DuckDbDialect _dialect;
    private readonly StageLayout _layout;
    private readonly string _target;
    private readonly bool _hardDelete;
    private readonly string _stageName;
    private readonly string _stageTable;
    private readonly StagedFile _records;
    private readonly StagedFile _rows;
    private readonly List<string> _sealed = [];
    private readonly JsonEncodedText[] _stageNames;
    private readonly decimal[] _narrowBound;
    private readonly int _extractedAt;
    private readonly int _tableVersion;
    private readonly ArrayBufferWriter<byte> _rowBytes = new(4096);
    private Utf8JsonWriter? _rowWriter;
    private Task _reads = Task.CompletedTask;
    private bool _stageCreated;
    private string? _lastExtractedText;
    private byte[] _lastExtracted = [];

    public DuckDbStagedBatch(DuckDbDialect dialect, string schema, string table, TableShape shape, bool hardDelete)
    {
        _dialect = dialect;
        _layout = new StageLayout(shape, dialect.StageType);
        _stageName = StageLayout.StageName(table);
        _stageTable = $"{dialect.Quote(DuckDbDialect.StagingCatalog)}.main.{dialect.Quote($"stage_{Interlocked.Increment(ref _stages)}")}";
        _target = dialect.QualifiedName(schema, table);
        _hardDelete = hardDelete;
        _records = new StagedFile(dialect.Staging, "records");
        _rows = new StagedFile(dialect.Staging, "rows");
        _stageNames = _layout.Columns().Select(c => JsonEncodedText.Encode(c.Name, JsonStaging.Escaping)).ToArray();
        _narrowBound = shape.Columns
            .Select(c => JsonStaging.IsNarrowDecimal(c.Type) ? (decimal)BigInteger.Pow(10, JsonStaging.NarrowDecimalDigits - c.Type.Scale!.Value) : 0m)
            .ToArray();
        _extractedAt = IndexOf(shape, MetadataColumn.ExtractedAt);
        _tableVersion = IndexOf(shape, MetadataColumn.TableVersion);
    }

    private static int IndexOf(TableShape shape, MetadataColumn metadata)
    {
        for (var i = 0; i < shape.Columns.Count; i++)
        {
            if (shape.Columns[i].Metadata == metadata && shape.Columns[i].Property is null)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>A transcoded record: <c>{"s":sequence,"v":version,"e":"extracted at","r":{the record}}</c>.</summary>
    public override ValueTask WriteEncodedAsync(RecordMessage record, long sequence, CancellationToken cancellationToken)
    {
        var file = _records.Open();
        Span<byte> head = stackalloc byte[64];
        var used = Put(head, "{\"s\":"u8, 0);
        Utf8Formatter.TryFormat(sequence, head[used..], out var digits);
        used += digits;
        if (_tableVersion >= 0 && record.Version is { } version)
        {
            used = Put(head, ",\"v\":"u8, used);
            Utf8Formatter.TryFormat(version, head[used..], out digits);
            used += digits;
        }
        file.Write(head[..used]);
        if (_extractedAt >= 0 && record.TimeExtracted is { } extracted)
        {
            file.Write(",\"e\":\""u8);
            file.Write(ExtractedAt(extracted, record.Stream, _layout.Shape.Columns[_extractedAt]));
            file.Write("\""u8);
        }
        file.Write(",\"r\":"u8);
        file.Write(record.Encoded.Span);
        file.Write("}\n"u8);
        _records.Wrote(record.Encoded.Length + used + 40);
        return _records.Full ? new ValueTask(LoadChunkAsync(_records, LoadRecordsSql, cancellationToken)) : ValueTask.CompletedTask;
    }

    private static int Put(Span<byte> target, ReadOnlySpan<byte> bytes, int at)
    {
        bytes.CopyTo(target[at..]);
        return at + bytes.Length;
    }

    /// <summary>time_extracted as the ordinary path reads it, in UTC; records of a run mostly share one, so the last is kept.</summary>
    private byte[] ExtractedAt(string text, string stream, WarehouseColumn column)
    {
        if (!ReferenceEquals(text, _lastExtractedText) && text != _lastExtractedText)
        {
            var at = (DateTime)ValueCoercer.Coerce(text, SqlType.Timestamp, stream, column.Name)!;
            _lastExtracted = System.Text.Encoding.ASCII.GetBytes(SingerJson.FormatDateTime(at));
            _lastExtractedText = text;
        }
        return _lastExtracted;
    }

    /// <summary>A row built the ordinary way: one property per stage column, nulls left out.</summary>
    public override ValueTask WriteAsync(object?[] row, CancellationToken cancellationToken)
    {
        var columns = _layout.Shape.Columns;
        for (var i = 0; i < columns.Count; i++)
        {
            DuckDbNumberLimits.Check(columns[i], row[i], stream: null); // before anything of the row is written
        }
        var json = _rowWriter ??= new Utf8JsonWriter(_rowBytes, new JsonWriterOptions { Encoder = JsonStaging.Escaping, SkipValidation = true });
        json.WriteStartObject();
        var place = 0;
        for (var i = 0; i < columns.Count; i++)
        {
            var twin = StageLayout.HasTextTwin(columns[i]);
            WriteValue(json, i, row[i], place, twin);
            place += twin ? 2 : 1;
        }
        json.WriteNumber(_stageNames[place], (long)row[^1]!);
        json.WriteEndObject();
#pragma warning disable CA1849 // into an ArrayBufferWriter: nothing to wait for
        json.Flush();
#pragma warning restore CA1849
        json.Reset();
        var file = _rows.Open();
        file.Write(_rowBytes.WrittenSpan);
        file.WriteByte((byte)'\n');
        _rows.Wrote(_rowBytes.WrittenCount + 1);
        _rowBytes.ResetWrittenCount();
        return _rows.Full ? new ValueTask(LoadChunkAsync(_rows, LoadRowsSql, cancellationToken)) : ValueTask.CompletedTask;
    }

    /// <summary>
    /// Closes the chunk a file is writing and queues its load into the stage (after the batch's earlier ones), on the
    /// reader connection; the chunk file is deleted once loaded. A failed load fails the commit.
    /// </summary>
    private async Task LoadChunkAsync(StagedFile file, Func<string, int, string> load, CancellationToken cancellationToken)
    {
        if (await file.SealAsync() is not { } chunk)
        {
            return;
        }
        _sealed.Add(chunk.Path);
        var before = _reads;
        var create = !_stageCreated;
        _stageCreated = true;
        _reads = Task.Run(
            async () =>
            {
                await before;
                if (create)
                {
                    var columns = string.Join(", ", _layout.Columns().Select(c => $"{_dialect.Quote(c.Name)} {StageTypeName(c.Type)}"));
                    await _dialect.ReadAsync($"CREATE TABLE {_stageTable} ({columns})", cancellationToken);
                }
                await _dialect.ReadAsync(load(chunk.Path, chunk.MaxLine), cancellationToken);
                File.Delete(chunk.Path);
            },
            cancellationToken);
    }

    /// <summary>
    /// One value under its stage column's name: a DECIMAL that fits DECIMAL(18,s), or any number of a DOUBLE column, as
    /// its exact text in the native column; a wider one as text in the twin; anything else as the SDK writes values
    /// (datetimes in UTC to the microsecond, DuckDB's precision, as the Appender this replaced cut them).
    /// </summary>
    private void WriteValue(Utf8JsonWriter json, int column, object? value, int place, bool twin)
    {
        switch (value)
        {
            case null:
                return;
            case decimal d when (_narrowBound[column] > 0 && Math.Abs(d) < _narrowBound[column]) || _layout.Shape.Columns[column].Type.Scale is null:
                json.WriteString(_stageNames[place], d.ToString(CultureInfo.InvariantCulture)); // a DOUBLE: DuckDB rounds the exact text once
                return;
            case decimal d when twin:
                json.WriteString(_stageNames[place + 1], d.ToString(CultureInfo.InvariantCulture));
                return;
            case string wide when twin:
                json.WriteString(_stageNames[place + 1], wide);
                return;
            case double f:
                json.WriteString(_stageNames[place], f.ToString("R", CultureInfo.InvariantCulture));
                return;
            default:
                json.WritePropertyName(_stageNames[place]);
                SingerWriter.WriteValue(json, value);
                return;
        }
    }

    public override async Task CommitAsync(CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await LoadChunkAsync(_rows, LoadRowsSql, cancellationToken);
        await LoadChunkAsync(_records, LoadRecordsSql, cancellationToken);
        await _reads;
        Log.Debug($"{_target}: staged {_records.Lines} transcoded records and {_rows.Lines} rows; the last read ended {clock.ElapsedMilliseconds} ms into the commit");
        // Transcoded records' keys are not read on the way in: the stage tells whether the merge must rank them.
        var keysRepeat = KeysMayRepeat && _layout.KeysRepeatSql(_dialect, _stageTable) is { } repeat && await _dialect.ReadFlagAsync(repeat, cancellationToken);
        await _dialect.ExclusiveAsync(async execute =>
        {
            var stage = _dialect.Quote(_stageName);
            await execute($"CREATE OR REPLACE TEMP VIEW {stage} AS SELECT * FROM {_stageTable}", cancellationToken);
            await execute("BEGIN TRANSACTION", cancellationToken);
            try
            {
                await ExecuteMergeAsync(_layout.MergeSql(_dialect, _target, stage, _hardDelete, keysRepeat), execute, _target, cancellationToken);
                await execute("COMMIT", cancellationToken);
            }
            catch
            {
                await execute("ROLLBACK", CancellationToken.None);
                throw;
            }
        }, cancellationToken);
    }

    /// <summary>The stage's type for a column type: a DECIMAL that fits 64 bits is staged as DECIMAL(18,s).</summary>
    private string StageTypeName(SqlType type) =>
        JsonStaging.IsNarrowDecimal(type) ? $"DECIMAL({JsonStaging.NarrowDecimalDigits},{type.Scale})" : _dialect.TypeName(type);

    private string LoadRowsSql(string path, int maxLine)
    {
        var stage = _stageTable;
        var names = _layout.Columns().Select(c => (Name: _dialect.Quote(c.Name), c.Type)).ToList();
        var json = string.Join(", ", names.Select(c => $"{c.Name}: '{StageTypeName(c.Type)}'"));
        var list = string.Join(", ", names.Select(c => c.Name));
        return $"INSERT INTO {stage} ({list}) SELECT {list} FROM {ReadJson(path, "{" + json + "}", maxLine)}";
    }

    /// <summary>
    /// Transcoded records: each property read as the type its stream type was checked for, and put in its stage column;
    /// where the table has another type than the stream's (an older, wider column), read as the text it was written as
    /// and cast by DuckDB (into the twin of a DECIMAL, whose merge casts text exactly).
    /// </summary>
    private string LoadRecordsSql(string path, int maxLine)
    {
        var stage = _stageTable;
        var q = _dialect.Quote;
        var fields = new List<string>();
        var targets = new List<string>();
        var values = new List<string>();
        var read = new List<string> { "s: 'BIGINT'" };
        foreach (var column in _layout.Shape.Columns)
        {
            var stageType = StageTypeName(_dialect.StageType(column.Type));
            switch (column)
            {
                case { Property: { } property } when column.StreamType == column.Type:
                    fields.Add($"{q(property)} {stageType}");
                    targets.Add(q(column.Name));
                    values.Add($"r.{q(property)}");
                    break;
                case { Property: { } property }:
                    fields.Add($"{q(property)} VARCHAR");
                    targets.Add(q(column.Type.Kind == SqlKind.Numeric ? _layout.TwinOf(column) : column.Name));
                    values.Add(column.Type.Kind is SqlKind.Numeric or SqlKind.Text ? $"r.{q(property)}" : $"CAST(r.{q(property)} AS {stageType})");
                    break;
                case { Metadata: MetadataColumn.ExtractedAt }:
                    read.Add("e: 'VARCHAR'");
                    targets.Add(q(column.Name));
                    values.Add($"CAST(e AS {stageType})");
                    break;
                case { Metadata: MetadataColumn.TableVersion }:
                    read.Add("v: 'BIGINT'");
                    targets.Add(q(column.Name));
                    values.Add($"CAST(v AS {stageType})");
                    break;
                case { Metadata: MetadataColumn.BatchedAt }:
                    targets.Add(q(column.Name));
                    values.Add($"CAST('{SingerJson.FormatDateTime(BatchedAt)}' AS {stageType})");
                    break;
            }
        }
        read.Add($"r: 'STRUCT({string.Join(", ", fields).Replace("'", "''", StringComparison.Ordinal)})'");
        targets.Add(q(StageLayout.Sequence));
        values.Add("s");
        return $"INSERT INTO {stage} ({string.Join(", ", targets)}) SELECT {string.Join(", ", values)} FROM {ReadJson(path, "{" + string.Join(", ", read) + "}", maxLine)}";
    }

    private static string ReadJson(string path, string columns, int maxLine) =>
        $"read_json('{StagingDirectory.GlobLiteral(path).Replace("'", "''", StringComparison.Ordinal)}', format = 'newline_delimited', columns = {columns}, " +
        $"maximum_object_size = {Math.Max(DefaultMaximumObjectSize, maxLine + 1024)})";

    /// <summary>Waits for the loads still running (their failure is the commit's to report), then drops the stage and deletes the files.</summary>
    public override async ValueTask DisposeAsync()
    {
        _rowWriter?.Dispose();
        try
        {
            await _reads;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Debug($"{_target}: a staged chunk was not loaded: {ex.Message}");
        }
        if (_stageCreated)
        {
            await _dialect.ReadAsync($"DROP TABLE IF EXISTS {_stageTable}", CancellationToken.None);
        }
        await _records.DisposeAsync();
        await _rows.DisposeAsync();
        _sealed.ForEach(File.Delete); // chunks a failed load left
    }

    /// <summary>The chunk files of one kind of line of the batch: each created at its first line, deleted once loaded or with the batch.</summary>
    private sealed class StagedFile(StagingDirectory directory, string kind) : IAsyncDisposable
    {
        private FileStream? _stream;
        private string? _path;
        private int _maxLine;
        private int _chunkLines;
        private long _chunkBytes;

        /// <summary>Lines written to every chunk so far.</summary>
        public int Lines { get; private set; }

        /// <summary>True when the chunk being written is as long as a chunk gets.</summary>
        public bool Full => _chunkLines >= ChunkLines || _chunkBytes >= ChunkBytes;

        public FileStream Open()
        {
            if (_stream is { } open)
            {
                return open;
            }
            _stream = directory.Create(kind, 1 << 18, out var path);
            _path = path;
            return _stream;
        }

        /// <summary>Counts a line of <paramref name="length"/> bytes, give or take a few: DuckDB's reader must be told to take lines that long.</summary>
        public void Wrote(int length)
        {
            _maxLine = Math.Max(_maxLine, length);
            _chunkLines++;
            _chunkBytes += length;
            Lines++;
        }

        /// <summary>Closes the chunk being written: its path and longest line, or null when nothing was written since the last.</summary>
        public async Task<(string Path, int MaxLine)?> SealAsync()
        {
            if (_stream is not { } open)
            {
                return null;
            }
            _stream = null;
            await open.DisposeAsync();
            var chunk = (_path!, _maxLine);
            _path = null;
            _maxLine = 0;
            _chunkLines = 0;
            _chunkBytes = 0;
            return chunk;
        }

        /// <summary>Deletes the chunk being written; chunks already sealed are their loads' to delete.</summary>
        public async ValueTask DisposeAsync()
        {
            if (await SealAsync() is { } chunk)
            {
                File.Delete(chunk.Path);
            }
        }
    }
}
