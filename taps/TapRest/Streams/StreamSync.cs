using Singer.Sdk;
using TapRest.Inference;

namespace TapRest.Streams;

/// <summary>
/// Syncs one stream (for a child stream: once per parent record): SCHEMA from the catalog before its first record,
/// RECORDs (shaped, deselected properties dropped, a new SCHEMA first whenever a record widens the schema) and, with a
/// replication_key, a STATE after each page (see <see cref="Bookmark"/>) and with the final bookmark at the end. A stream read only because a selected child needs its
/// records writes nothing.
/// </summary>
internal sealed class StreamSync : IDisposable
{
    /// <summary>How many records of a page whose records were checked while found are read from bytes at a time.</summary>
    internal const int RecordsPerSlice = 4096;

    private readonly PageReader _pages;
    private readonly SingerWriter _output;
    private readonly StreamSettings _stream;
    private readonly RecordFlattener _flattener;
    private readonly bool _emit;
    private readonly HashSet<string> _deselected;
    private readonly SchemaInferrer _inferrer;
    private readonly IReadOnlyList<string> _keys;
    private readonly RecordCounter _counter;
    private readonly RecordLineWriter _lines;
    private readonly RawRecordWriter? _raw;
    private bool _schemaSent;
    private string? _lastState;

    public StreamSync(PageReader pages, SingerWriter output, CatalogEntry? entry, StreamSettings stream, RecordFlattener flattener)
    {
        _pages = pages;
        _output = output;
        _stream = stream;
        _flattener = flattener;
        _emit = entry is not null;
        var schema = entry?.Schema ?? new Dictionary<string, object?> { ["type"] = "object", ["properties"] = new Dictionary<string, object?>() };
        _deselected = entry is null ? [] : SchemaProperties(schema).Where(name => !entry.IsPropertySelected(name)).ToHashSet(StringComparer.Ordinal);
        _inferrer = SchemaInferrer.FromSchema(WithoutProperties(schema, _deselected));
        _keys = entry?.KeyProperties is { Count: > 0 } keys ? keys : stream.PrimaryKeys;
        _lines = new RecordLineWriter(stream.Name);
        // Records shaped only by flattening, with no field to drop, can go from the page's bytes to their lines.
        _raw = _emit && flattener.FlattensOnly && _deselected.Count == 0 ? new RawRecordWriter(flattener.ExceptKeys) : null;
        _counter = Metrics.RecordCounter(new Dictionary<string, string> { ["stream"] = stream.Name });
    }

    public StreamSettings Settings => _stream;

    /// <summary>How many records went from the page's bytes straight to their lines (for tests).</summary>
    internal long RecordsFromBytes { get; private set; }

    /// <summary>Of those, the records read by hand (<see cref="RawRecordWriter.TryReadByHand"/>).</summary>
    internal long RecordsByHand => _raw?.RecordsByHand ?? 0;

    /// <summary>Reads the stream (a child: for one parent's <paramref name="context"/>); each record then goes to <paramref name="afterRecord"/>.</summary>
    public async Task RunAsync(SingerState state, Dictionary<string, object?>? context, Func<Dictionary<string, object?>, Task>? afterRecord, CancellationToken cancellationToken)
    {
        var bookmark = _emit && _stream.ReplicationKey is { } key ? new Bookmark(_stream.Name, key, state, _stream.StartDate, context, _stream.IsSorted) : null;
        var settings = context is null ? _stream : _stream with { Path = PathTemplate.Fill(_stream.Path, context) };
        if (_emit && !_schemaSent)
        {
            await _output.WriteAsync(Schema(), cancellationToken);
            _schemaSent = true;
        }
        // Records straight from bytes: read as each page is parsed, written here.
        var fromBytes = bookmark is null && afterRecord is null ? _raw : null;
        await foreach (var page in _pages.ReadAsync(settings, SearchParams.For(_stream, bookmark?.LastRunDate), cancellationToken, readAhead: afterRecord is null, fromBytes))
        {
            if (fromBytes is not null && page is RawRecords { IsForWriter: true } records)
            {
                await WriteRawAsync(records, cancellationToken);
                continue;
            }
            foreach (var raw in page)
            {
                var shaped = _flattener.Shape(raw);
                if (_emit)
                {
                    bookmark?.Observe(shaped);
                    // Writing drops deselected fields and coerces widened ones in place: a copy only when children read the record.
                    await WriteAsync(afterRecord is null ? shaped : new Dictionary<string, object?>(shaped, StringComparer.Ordinal), cancellationToken);
                }
                if (afterRecord is not null)
                {
                    await afterRecord(shaped);
                }
            }
            // After each page, as the Meltano SDK: a sorted stream's bookmark moves; an unsorted one's progress is only
            // noted (progress_markers), since unread records could have smaller values than the largest read so far.
            if (bookmark is not null && page.Count > 0)
            {
                bookmark.WriteProgressTo(state);
                await WriteStateAsync(state, cancellationToken);
            }
        }
        if (bookmark is not null)
        {
            bookmark.WriteTo(state);
            await WriteStateAsync(state, cancellationToken);
        }
    }

    /// <summary>A STATE unless it repeats the last one this stream wrote (a sorted stream's last page and its end agree).</summary>
    private async Task WriteStateAsync(SingerState state, CancellationToken cancellationToken)
    {
        var value = state.Snapshot().Value;
        var text = SingerJson.Serialize(value);
        if (text != _lastState)
        {
            _lastState = text;
            await _output.WriteAsync(new StateMessage(value), cancellationToken);
        }
    }

    private async Task WriteAsync(Dictionary<string, object?> record, CancellationToken cancellationToken)
    {
        foreach (var name in _deselected)
        {
            record.Remove(name);
        }
        if (_inferrer.Observe(record))
        {
            Log.Info($"stream '{_stream.Name}': a record widened the schema; sending a new SCHEMA");
            await _output.WriteAsync(Schema(), cancellationToken);
        }
        _inferrer.Coerce(record);
        await _lines.WriteAsync(_output, record, cancellationToken);
        _counter.Increment();
    }

    /// <summary>
    /// A page's records as <see cref="WriteAsync"/> writes them, each straight from the body's bytes; a record the raw
    /// writer cannot read goes the ordinary way, and one with a value to coerce is built from what was read.
    /// </summary>
    private async Task WriteRawAsync(RawRecords records, CancellationToken cancellationToken)
    {
        // Unchecked records are read all at once (bytes that are not JSON fail the page before any of it is written);
        // checked ones a slice at a time, so a page of a million records does not hold a million records' fields.
        var slice = records.IsUnchecked ? records.Count : RecordsPerSlice;
        for (var from = 0; from < records.Count; from += slice)
        {
            var count = Math.Min(slice, records.Count - from);
            if (records.ReadWith(_raw!, from, count) is not { } read)
            {
                if (from > 0)
                {
                    // Checked records can only be declined one by one, never the page: this would be a bug.
                    throw new InvalidOperationException($"stream '{_stream.Name}': records checked while found could not be read from bytes");
                }
                foreach (var record in records.Ordinary())
                {
                    await WriteAsync(_flattener.Shape(record), cancellationToken);
                }
                return;
            }
            for (var i = 0; i < count; i++)
            {
                if (!read.IsRead(i))
                {
                    await WriteAsync(_flattener.Shape(records[from + i]), cancellationToken);
                    continue;
                }
                if (read.Observe(i, _inferrer))
                {
                    Log.Info($"stream '{_stream.Name}': a record widened the schema; sending a new SCHEMA");
                    await _output.WriteAsync(Schema(), cancellationToken);
                }
                if (_inferrer.Coerces)
                {
                    var record = read.ToRecord(i);
                    _inferrer.Coerce(record);
                    await _lines.WriteAsync(_output, record, cancellationToken);
                }
                else if (_output.TakesRecordBytes(_lines.Stream))
                {
                    await _output.WriteRecordAsync(_lines.Stream, read.Json(i), cancellationToken);
                    RecordsFromBytes++;
                }
                else
                {
                    read.Write(i, _output.BeginRecord(_lines.Stream));
                    await _output.EndRecordAsync(version: null, timeExtracted: null, cancellationToken);
                    RecordsFromBytes++;
                }
                _counter.Increment();
            }
        }
    }

    private SchemaMessage Schema() =>
        new(_stream.Name, _inferrer.ToSchema(), _keys, _stream.ReplicationKey is { } key ? [key] : null);

    private static IEnumerable<string> SchemaProperties(Dictionary<string, object?> schema) =>
        (schema.GetValueOrDefault("properties") as Dictionary<string, object?>)?.Keys ?? Enumerable.Empty<string>();

    private static Dictionary<string, object?> WithoutProperties(Dictionary<string, object?> schema, HashSet<string> names)
    {
        var properties = schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
        return new Dictionary<string, object?>(schema)
        {
            ["properties"] = properties.Where(p => !names.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        };
    }

    public void Dispose()
    {
        _counter.Dispose();
        _raw?.Dispose();
    }
}
