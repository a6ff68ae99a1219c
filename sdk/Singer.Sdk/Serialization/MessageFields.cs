using System.Globalization;

namespace Singer.Sdk.Serialization;

/// <summary>The top-level fields of one message, collected in any order, then checked and built (a struct: one per line, never allocated).</summary>
internal struct MessageFields
{
    private string? _type;
    private object? _typeValue;
    private object? _stream;
    private object? _record;
    private ReadOnlyMemory<byte>? _encodedRecord;
    private object?[]? _recordValues;
    private IReadOnlyList<string>? _recordValueNames;
    private Maps.MappedRecordTranscoder? _mappedBy;
    private object? _schema;
    private object? _keyProperties;
    private object? _bookmarkProperties;
    private object? _value;
    private bool _hasValue;
    private object? _version;
    private object? _timeExtracted;
    private object? _encoding;
    private object? _manifest;
    private List<KeyValuePair<string, object?>>? _others;

    public void Set(string name, object? value)
    {
        switch (name)
        {
            case "type": _typeValue = value; _type = value as string; break;
            case "stream": _stream = value; break;
            case "record": _record = value; _encodedRecord = null; _recordValues = null; _mappedBy = null; break;
            case "schema": _schema = value; break;
            case "key_properties": _keyProperties = value; break;
            case "bookmark_properties": _bookmarkProperties = value; break;
            case "value": _value = value; _hasValue = true; break;
            case "version": _version = value; break;
            case "time_extracted": _timeExtracted = value; break;
            case "encoding": _encoding = value; break;
            case "manifest": _manifest = value; break;
            default: (_others ??= []).Add(new(name, value)); break;
        }
    }

    /// <summary>type RECORD and the stream, as <see cref="Set"/> sets them (without the lookup by name).</summary>
    public void SetRecordOf(string stream)
    {
        _typeValue = _type = "RECORD";
        _stream = stream;
    }

    /// <summary>version and time_extracted, as <see cref="Set"/> sets them.</summary>
    public void SetVersionAndTime(object? version, object? timeExtracted)
    {
        _version = version;
        _timeExtracted = timeExtracted;
    }

    /// <summary>The record, already transcoded (see <see cref="RecordTranscoder"/>): as bytes, or as values by name.</summary>
    public void SetTranscodedRecord(ReadOnlyMemory<byte> encoded, object?[]? values, IReadOnlyList<string>? names, Maps.MappedRecordTranscoder? mappedBy = null)
    {
        _mappedBy = mappedBy;
        _encodedRecord = values is null ? encoded : null;
        _recordValues = values;
        _recordValueNames = names;
        _record = null;
    }

    public SingerMessage Build(long line)
    {
        if (_typeValue is null)
        {
            throw new ProtocolException(line, "message has no 'type'");
        }
        if (_type is null)
        {
            throw new ProtocolException(line, "'type' must be a string");
        }
        return _type switch
        {
            "RECORD" when _encodedRecord is not null || _recordValues is not null => new RecordMessage(
                _mappedBy is { LastFiltered: false } mapped ? mapped.OutputStream : RequiredString(line, "stream", _stream),
                [],
                OptionalVersion(line),
                OptionalString(line, "time_extracted", _timeExtracted))
            {
                Encoded = _encodedRecord ?? default,
                Values = _recordValues,
                ValueNames = _recordValueNames,
                Mapping = _mappedBy is null ? Maps.RecordMapping.None : _mappedBy.LastFiltered ? Maps.RecordMapping.Filtered : Maps.RecordMapping.Applied,
            },
            "RECORD" => new RecordMessage(
                RequiredString(line, "stream", _stream),
                RequiredObject(line, "record", _record, _record is not null),
                OptionalVersion(line),
                OptionalString(line, "time_extracted", _timeExtracted)),
            "SCHEMA" => BuildSchema(line),
            "STATE" => new StateMessage(RequiredObject(line, "value", _value, _hasValue)),
            "ACTIVATE_VERSION" => new ActivateVersionMessage(
                RequiredString(line, "stream", _stream),
                OptionalVersion(line) ?? throw new ProtocolException(line, "ACTIVATE_VERSION message has no 'version'")),
            "BATCH" => BuildBatch(line),
            _ => new UnknownMessage(_type, AllFields()),
        };
    }

    private SchemaMessage BuildSchema(long line)
    {
        var stream = RequiredString(line, "stream", _stream);
        var schema = RequiredObject(line, "schema", _schema, _schema is not null);
        var keys = StringList(line, "key_properties", _keyProperties, stream) ?? [];
        var bookmarks = StringList(line, "bookmark_properties", _bookmarkProperties, stream);
        return new SchemaMessage(stream, schema, keys, bookmarks);
    }

    private BatchMessage BuildBatch(long line)
    {
        var stream = RequiredString(line, "stream", _stream);
        var encoding = RequiredObject(line, "encoding", _encoding, _encoding is not null);
        if (encoding.GetValueOrDefault("format") is not string format)
        {
            throw new ProtocolException(line, "BATCH 'encoding' has no 'format'", stream);
        }
        var compression = encoding.GetValueOrDefault("compression") as string;
        var manifest = StringList(line, "manifest", _manifest, stream)
            ?? throw new ProtocolException(line, "BATCH message has no 'manifest'", stream);
        return new BatchMessage(stream, new BatchEncoding(format, compression), manifest);
    }

    private Dictionary<string, object?> AllFields()
    {
        var all = new Dictionary<string, object?>(StringComparer.Ordinal) { ["type"] = _type };
        AddIfSet(all, "stream", _stream);
        AddIfSet(all, "record", _record);
        AddIfSet(all, "schema", _schema);
        AddIfSet(all, "key_properties", _keyProperties);
        AddIfSet(all, "bookmark_properties", _bookmarkProperties);
        if (_hasValue)
        {
            all["value"] = _value;
        }
        AddIfSet(all, "version", _version);
        AddIfSet(all, "time_extracted", _timeExtracted);
        AddIfSet(all, "encoding", _encoding);
        AddIfSet(all, "manifest", _manifest);
        foreach (var (name, value) in _others ?? [])
        {
            all[name] = value;
        }
        return all;
    }

    private static void AddIfSet(Dictionary<string, object?> all, string name, object? value)
    {
        if (value is not null)
        {
            all[name] = value;
        }
    }

    private string RequiredString(long line, string name, object? value) => value switch
    {
        string s => s,
        null => throw new ProtocolException(line, $"{_type} message has no '{name}'"),
        _ => throw new ProtocolException(line, $"'{name}' must be a string"),
    };

    private static string? OptionalString(long line, string name, object? value) => value switch
    {
        null => null,
        string s => s,
        _ => throw new ProtocolException(line, $"'{name}' must be a string"),
    };

    private Dictionary<string, object?> RequiredObject(long line, string name, object? value, bool present) => value switch
    {
        Dictionary<string, object?> d => d,
        _ when !present => throw new ProtocolException(line, $"{_type} message has no '{name}'"),
        _ => throw new ProtocolException(line, $"'{name}' must be an object, found {Describe(value)}"),
    };

    private long? OptionalVersion(long line) => _version switch
    {
        null => null,
        long l => l,
        _ when ExactNumber.IsInteger(_version) && ExactNumber.TryToDecimal(_version, out var d) && d is >= long.MinValue and <= long.MaxValue => (long)d,
        _ => throw new ProtocolException(line, $"'version' must be an integer, found {Describe(_version)}"),
    };

    private static List<string>? StringList(long line, string name, object? value, string stream)
    {
        if (value is null)
        {
            return null;
        }
        if (value is List<object?> items && items.TrueForAll(i => i is string))
        {
            return items.ConvertAll(i => (string)i!);
        }
        throw new ProtocolException(line, $"'{name}' must be a list of strings", stream);
    }

    internal static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"string \"{(s.Length > 40 ? s[..40] + "…" : s)}\"",
        bool b => b ? "true" : "false",
        Dictionary<string, object?> => "an object",
        List<object?> => "an array",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "?",
    };
}
