using Singer.Sdk.Maps;
using Singer.Sdk;

namespace SingerMap;

/// <summary>
/// Passes each message on in input order, transformed: a stream's SCHEMA rebuilds its filter and goes out as the
/// output schema; a RECORD is validated (a failure goes to the reject file), transformed, deduplicated and written;
/// STATE goes on once every record before it has gone on, so while a keep-last dedupe holds records the latest STATE
/// is held with them; ACTIVATE_VERSION first releases its stream's held records. BATCH messages carry records in files
/// this filter cannot change: they pass only for streams with nothing to transform.
/// </summary>
internal sealed class Forwarder(MapConfig config, StreamMapper? maps, SingerWriter output, RejectFile? rejects)
{
    private readonly Dictionary<string, SchemaMessage> _inputSchemas = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StreamFilter> _filters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Deduper> _dedupers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StreamCounts> _counts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private StateMessage? _heldState;

    /// <summary>
    /// One input message: a record is validated against its input SCHEMA first (validate), then the stream maps turn the
    /// message into none, one or several, and each of those goes through the built-ins.
    /// </summary>
    public async ValueTask ForwardAsync(SingerLine line, CancellationToken cancellationToken)
    {
        switch (line.Message)
        {
            case SchemaMessage schema:
                _inputSchemas[schema.Stream] = schema;
                Count(schema.Stream);
                break;
            case RecordMessage record:
                var input = _inputSchemas.GetValueOrDefault(record.Stream)
                    ?? throw new SingerException($"line {line.LineNumber}: RECORD for stream '{record.Stream}' before its SCHEMA");
                var counts = Count(record.Stream);
                counts.In++;
                if (record.IsMapped)
                {
                    // Mapped from its bytes by the reader (a stream only the maps transform, see MapsRecordBytes): the
                    // record to write, or nothing when the filter left it out.
                    if (record.IsTranscoded)
                    {
                        await RecordAsync(record, line.LineNumber, cancellationToken);
                    }
                    return;
                }
                if (config.Validate?.Streams.Find(record.Stream) is not null && Invalid(input, record) is { } error)
                {
                    await RejectAsync(record, error, line.LineNumber, counts, cancellationToken);
                    return;
                }
                break;
        }
        if (maps is null || line.Message is StateMessage or BatchMessage)
        {
            await HandleAsync(line.Message, line.LineNumber, cancellationToken);
            return;
        }
        IReadOnlyList<SingerMessage> mapped;
        try
        {
            mapped = maps.Map(line.Message);
        }
        catch (MapRuntimeException ex)
        {
            await output.FlushAsync(cancellationToken); // what came before the bad line is good: pass it on
            throw new ProtocolException(line.LineNumber, ex.Problem, ex.Stream, ex.Property);
        }
        foreach (var message in mapped)
        {
            await HandleAsync(message, line.LineNumber, cancellationToken);
        }
    }

    private StreamCounts Count(string stream)
    {
        if (!_counts.TryGetValue(stream, out var counts))
        {
            counts = new StreamCounts();
            _counts[stream] = counts;
        }
        return counts;
    }

    private async ValueTask RejectAsync(RecordMessage record, ValidationError error, long lineNumber, StreamCounts counts, CancellationToken cancellationToken)
    {
        await rejects!.WriteAsync(lineNumber, record, error, cancellationToken);
        counts.Rejected++;
        if (config.Validate!.MaxRejects is { } max && rejects.Count > max)
        {
            throw new SingerException($"line {lineNumber}: stream '{record.Stream}': {error}; more than max_rejects ({max}) records rejected, stopping");
        }
    }

    /// <summary>One message after the stream maps, through the built-ins.</summary>
    private async ValueTask HandleAsync(SingerMessage message, long lineNumber, CancellationToken cancellationToken)
    {
        switch (message)
        {
            case SchemaMessage schema:
                await SchemaAsync(schema, lineNumber, cancellationToken);
                break;
            case RecordMessage record:
                await RecordAsync(record, lineNumber, cancellationToken);
                break;
            case StateMessage state:
                await StateAsync(state, cancellationToken);
                break;
            case ActivateVersionMessage activate:
                await ReleaseAsync(activate.Stream, cancellationToken);
                await output.WriteAsync(activate, cancellationToken);
                break;
            case BatchMessage batch:
                if (IsTransformed(batch.Stream))
                {
                    throw new SingerException($"line {lineNumber}: stream '{batch.Stream}': a BATCH message's records are in files singer-map does not read; turn batching off in the tap for a stream with transforms");
                }
                await output.WriteAsync(batch, cancellationToken);
                break;
            default:
                await output.WriteAsync(message, cancellationToken);
                break;
        }
    }

    /// <summary>At the end of the input: every held record, then the held STATE, then a summary per stream on stderr.</summary>
    public async ValueTask FinishAsync(CancellationToken cancellationToken)
    {
        foreach (var stream in _dedupers.Keys)
        {
            await ReleaseAsync(stream, cancellationToken);
        }
        if (_heldState is { } state)
        {
            _heldState = null;
            await StateAsync(state, cancellationToken);
        }
        await output.FlushAsync(cancellationToken);
        foreach (var (stream, counts) in _counts)
        {
            var dropped = _dedupers.GetValueOrDefault(stream)?.Dropped ?? 0;
            Log.Info($"stream '{stream}': {counts.In} records in, {counts.Out} out, {counts.Rejected} rejected, {dropped} duplicates dropped");
        }
    }

    private async ValueTask SchemaAsync(SchemaMessage schema, long lineNumber, CancellationToken cancellationToken)
    {
        var previous = _filters.GetValueOrDefault(schema.Stream);
        if (previous is not null && SingerJson.Serialize(previous.Input.Schema) == SingerJson.Serialize(schema.Schema)
            && previous.Input.KeyProperties.SequenceEqual(schema.KeyProperties))
        {
            // The same SCHEMA again (taps often repeat it): records held for dedupe still fit it, nothing to release.
            await output.WriteAsync(previous.Output, cancellationToken);
            return;
        }
        // A changed SCHEMA: records held under the old one go out first, and the dedupe starts over.
        await ReleaseAsync(schema.Stream, cancellationToken);
        var filter = new StreamFilter(
            schema,
            lineNumber,
            config.UrlParse.Find(schema.Stream)?.Value ?? [],
            config.Mask.Find(schema.Stream) is { } mask ? new Masker(mask.Value, config.MaskSalt) : null);
        _filters[schema.Stream] = filter;
        Count(schema.Stream);
        _dedupers.Remove(schema.Stream);
        if (config.Dedupe.Find(schema.Stream) is { } dedupe)
        {
            if (filter.Output.KeyProperties.Count > 0)
            {
                _dedupers[schema.Stream] = new Deduper(filter.Output.KeyProperties, dedupe.Value);
            }
            else if (dedupe.Exact)
            {
                throw new SingerException($"line {lineNumber}: stream '{schema.Stream}': dedupe needs key properties and its SCHEMA has none");
            }
            else if (_warned.Add("dedupe:" + schema.Stream))
            {
                Log.Warning($"stream '{schema.Stream}' has no key properties (line {lineNumber}); dedupe passes its records through");
            }
        }
        await output.WriteAsync(filter.Output, cancellationToken);
    }

    private async ValueTask RecordAsync(RecordMessage record, long lineNumber, CancellationToken cancellationToken)
    {
        var filter = _filters.GetValueOrDefault(record.Stream)
            ?? throw new SingerException($"line {lineNumber}: RECORD for stream '{record.Stream}' before its SCHEMA");
        var counts = Count(record.Stream);
        if (!filter.PassesThrough && filter.Apply(record.Record, lineNumber))
        {
            // Only nullable fields were added: records held for dedupe still fit the new SCHEMA and stay held.
            await output.WriteAsync(filter.Output, cancellationToken);
        }
        if (_dedupers.GetValueOrDefault(record.Stream) is { } deduper && deduper.Offer(record) is null)
        {
            return;
        }
        counts.Out++;
        await output.WriteAsync(record, cancellationToken);
    }

    private async ValueTask StateAsync(StateMessage state, CancellationToken cancellationToken)
    {
        if (_dedupers.Values.Any(d => d.HasHeld))
        {
            _heldState = state;
            return;
        }
        if (rejects is not null)
        {
            await rejects.SyncAsync(cancellationToken);
        }
        await output.WriteAsync(state, cancellationToken);
    }

    /// <summary>Writes the records a keep-last dedupe holds for <paramref name="stream"/>; the STATE held with them follows once no stream holds any.</summary>
    private async ValueTask ReleaseAsync(string stream, CancellationToken cancellationToken)
    {
        if (_dedupers.GetValueOrDefault(stream) is not { HasHeld: true } deduper)
        {
            return;
        }
        foreach (var record in deduper.Drain())
        {
            _counts[stream].Out++;
            await output.WriteAsync(record, cancellationToken);
        }
        if (_heldState is { } state && !_dedupers.Values.Any(d => d.HasHeld))
        {
            _heldState = null;
            await StateAsync(state, cancellationToken);
        }
    }

    /// <summary>
    /// Whether <paramref name="stream"/>'s records may be mapped from their bytes as they are read: the maps are all that
    /// transforms it (no built-in reads its records as values).
    /// </summary>
    public bool MapsRecordBytes(string stream) => maps is not null && !maps.PassesThrough(stream) && !HasBuiltIn(stream);

    /// <summary>Whether nothing transforms <paramref name="stream"/>: its records go on as they came (re-written compactly).</summary>
    public bool PassesRecordsOn(string stream) => !IsTransformed(stream);

    private bool IsTransformed(string stream) => (maps is not null && !maps.PassesThrough(stream)) || HasBuiltIn(stream);

    /// <summary>Whether a built-in (url_parse, mask, dedupe, validate) names <paramref name="stream"/>: it reads the records as values.</summary>
    private bool HasBuiltIn(string stream) =>
        config.UrlParse.Find(stream) is not null || config.Mask.Find(stream) is not null || config.Dedupe.Find(stream) is not null
        || config.Validate?.Streams.Find(stream) is not null;

    /// <summary>Why <paramref name="record"/> fails its stream's schema or lacks a key property; null when it is valid.</summary>
    private static ValidationError? Invalid(SchemaMessage schema, RecordMessage record)
    {
        foreach (var key in schema.KeyProperties)
        {
            if (record.Record.GetValueOrDefault(key) is null)
            {
                return new ValidationError(key, "key property is missing or null");
            }
        }
        return SchemaValidator.Validate(schema.ParsedSchema, record.Record);
    }

    private sealed class StreamCounts
    {
        public long In { get; set; }

        public long Out { get; set; }

        public long Rejected { get; set; }
    }
}
