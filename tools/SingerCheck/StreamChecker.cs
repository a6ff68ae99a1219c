using Singer.Sdk;

namespace SingerCheck;

/// <summary>
/// Checks a Singer stream message by message: SCHEMA before anything else of its stream, key properties
/// in the schema, every RECORD valid against the stream's latest SCHEMA (exact decimal arithmetic) and carrying
/// a non-null value for each key property.
/// </summary>
internal sealed class StreamChecker
{
    private readonly Dictionary<string, SchemaMessage> _schemas = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unknownTypes = new(StringComparer.Ordinal);

    /// <summary>The last time_extracted found good: the reader hands out one string for a value repeated line after line.</summary>
    private string? _lastTimeExtracted;

    public SortedDictionary<string, StreamReport> Streams { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, object?>? LastState { get; private set; }

    public long StateCount { get; private set; }

    public long Lines { get; set; }

    /// <summary>Checks one message; throws <see cref="ProtocolException"/> naming the line, stream and field.</summary>
    public void Check(SingerLine line)
    {
        Lines = line.LineNumber;
        switch (line.Message)
        {
            case SchemaMessage schema:
                CheckSchema(schema, line.LineNumber);
                break;
            case RecordMessage record:
                CheckRecord(record, line.LineNumber);
                break;
            case StateMessage state:
                LastState = state.Value;
                StateCount++;
                break;
            case ActivateVersionMessage activate:
                RequireSchema(activate.Stream, line.LineNumber, "ACTIVATE_VERSION");
                Report(activate.Stream).ActivateVersions++;
                break;
            case BatchMessage batch:
                RequireSchema(batch.Stream, line.LineNumber, "BATCH");
                Report(batch.Stream).Batches++;
                break;
            default:
                if (line.Message is UnknownMessage { ProbablyMeant: { } meant })
                {
                    Log.Warning($"line {line.LineNumber}: message type '{line.Message.Type}' is not part of the Singer spec ({meant} was probably meant: message types are case-sensitive); ignored");
                }
                else if (_unknownTypes.Add(line.Message.Type))
                {
                    Log.Warning($"line {line.LineNumber}: message type '{line.Message.Type}' is not part of the Singer spec; ignored");
                }
                break;
        }
    }

    private void CheckSchema(SchemaMessage schema, long lineNumber)
    {
        if (SchemaProblem(schema) is { } problem)
        {
            throw new ProtocolException(lineNumber, problem, schema.Stream);
        }
        _schemas[schema.Stream] = schema;
        Report(schema.Stream).Schemas++;
    }

    /// <summary>
    /// What is wrong with a SCHEMA, or null. The reader asks too before it checks the stream's records from their bytes
    /// (<see cref="TranscoderFor"/>), so it does so against the very schemas this checker keeps.
    /// </summary>
    private static string? SchemaProblem(SchemaMessage schema)
    {
        try
        {
            _ = schema.ParsedSchema;
        }
        catch (SingerException ex)
        {
            return ex.Message;
        }
        var properties = schema.Schema.GetValueOrDefault("properties") as Dictionary<string, object?>;
        foreach (var key in schema.KeyProperties)
        {
            if (properties is null || !properties.ContainsKey(key))
            {
                return $"key property '{key}' is not in the schema's properties";
            }
        }
        foreach (var key in schema.BookmarkProperties ?? [])
        {
            if (properties is null || !properties.ContainsKey(key))
            {
                return $"bookmark property '{key}' is not in the schema's properties";
            }
        }
        return null;
    }

    /// <summary>
    /// For the reader: checks a stream's records as they are read, without building them (see
    /// <see cref="ValidatingRecordTranscoder"/>). The reader parses ahead of <see cref="Check"/>, so a SCHEMA this checker
    /// refuses gets none: its stream's records then go the ordinary way against the schema the checker still holds.
    /// </summary>
    public static RecordTranscoder? TranscoderFor(SchemaMessage schema) =>
        SchemaProblem(schema) is null ? ValidatingRecordTranscoder.For(schema) : null;

    private void CheckRecord(RecordMessage record, long lineNumber)
    {
        var schema = RequireSchema(record.Stream, lineNumber, "RECORD");
        Report(record.Stream).Records++;
        // A transcoded record was found valid, keys included, as it was read; the others are checked here.
        if (!record.IsTranscoded)
        {
            if (SchemaValidator.Validate(schema.ParsedSchema, record.Record) is { } error)
            {
                throw new ProtocolException(lineNumber, error.Message, record.Stream, error.Path.Length == 0 ? null : error.Path);
            }
            // A record without its key cannot be merged: the warehouse targets refuse it, so the check does too.
            Singer.Sdk.Targets.KeyPropertyCheck.Check(schema, record, lineNumber);
        }
        if (record.TimeExtracted is { } extracted && !ReferenceEquals(extracted, _lastTimeExtracted))
        {
            if (!FormatChecker.TryParseDateTime(extracted, out _))
            {
                throw new ProtocolException(lineNumber, $"time_extracted '{extracted}' is not an RFC 3339 datetime", record.Stream);
            }
            _lastTimeExtracted = extracted;
        }
    }

    private SchemaMessage RequireSchema(string stream, long lineNumber, string messageType) =>
        _schemas.TryGetValue(stream, out var schema)
            ? schema
            : throw new ProtocolException(lineNumber, $"{messageType} before any SCHEMA for this stream", stream);

    private StreamReport Report(string stream)
    {
        if (!Streams.TryGetValue(stream, out var report))
        {
            report = new StreamReport();
            Streams[stream] = report;
        }
        return report;
    }
}
