using Singer.Sdk.Maps.Expressions;

namespace Singer.Sdk.Maps;

/// <summary>
/// One output stream made from a source stream: the same stream as it is, the stream dropped, or a custom map
/// (filter, properties set or removed, keys, a new name). Built once per SCHEMA by <see cref="StreamMapBuilder"/>; it
/// owns both the rewritten SCHEMA and the record rewrite, so the two cannot drift.
/// </summary>
internal sealed class StreamMap
{
    private readonly CompiledExpression? _filter;
    private readonly IReadOnlyList<PropertyMap> _properties;
    private readonly bool _keepUnlisted;
    private readonly Flattener? _flattener;
    private readonly MapScope? _scope;
    private readonly HashSet<string> _removed;

    public StreamMap(string sourceStream, string outputStream, SchemaMessage? output, CompiledExpression? filter,
        IReadOnlyList<PropertyMap> properties, bool keepUnlisted, Flattener? flattener, MapScope? scope)
    {
        SourceStream = sourceStream;
        OutputStream = outputStream;
        Output = output;
        _filter = filter;
        _properties = properties;
        _keepUnlisted = keepUnlisted;
        _flattener = flattener;
        _scope = scope;
        _removed = properties.Where(p => p.Expression is null).Select(p => p.Property).ToHashSet(StringComparer.Ordinal);
        IsIdentity = output is not null && filter is null && properties.Count == 0 && keepUnlisted && flattener is null && sourceStream == outputStream;
    }

    /// <summary>The stream as it is, or dropped when <paramref name="drop"/>.</summary>
    public static StreamMap Default(SchemaMessage source, bool drop, Flattener? flattener)
    {
        var output = drop ? null : flattener is null ? source : source with { Schema = flattener.FlattenSchema(source.Schema) };
        return new StreamMap(source.Stream, source.Stream, output, null, [], true, flattener, null);
    }

    public string SourceStream { get; }

    internal CompiledExpression? Filter => _filter;

    internal IReadOnlyList<PropertyMap> Properties => _properties;

    internal bool KeepUnlisted => _keepUnlisted;

    internal Flattener? Flattener => _flattener;

    internal MapScope? Scope => _scope;

    internal IReadOnlySet<string> Removed => _removed;

    private RecordBytesMap? _bytesMap;
    private bool _bytesMapBuilt;

    /// <summary>The record rewrite over JSON bytes (see <see cref="RecordBytesMap"/>), built on first use; null when this map needs whole records.</summary>
    internal RecordBytesMap? BytesMap
    {
        get
        {
            if (!_bytesMapBuilt)
            {
                _bytesMap = RecordBytesMap.For(this);
                _bytesMapBuilt = true;
            }
            return _bytesMap;
        }
    }

    public string OutputStream { get; }

    /// <summary>The SCHEMA written for the output stream; null when the stream is dropped.</summary>
    public SchemaMessage? Output { get; }

    /// <summary>True when records pass through untouched (no filter, property, key, name or flattening change).</summary>
    public bool IsIdentity { get; }

    /// <summary>The record for the output stream, or null when the stream is dropped or the filter leaves the record out.</summary>
    public Dictionary<string, object?>? Transform(Dictionary<string, object?> record)
    {
        if (Output is null)
        {
            return null;
        }
        if (IsIdentity)
        {
            return record;
        }
        if (_scope is not null)
        {
            _scope.Record = record;
        }
        if (_filter is not null && !PythonValues.Truthy(Evaluate(_filter, "__filter__")))
        {
            return null;
        }
        // Built in order rather than copied and trimmed: a removed key's slot would be reused by the next one added, and the
        // output must keep Python's order (the record's properties, then the new ones in the map's order).
        var result = new Dictionary<string, object?>(record.Count + _properties.Count, StringComparer.Ordinal);
        if (_keepUnlisted)
        {
            foreach (var (key, value) in record)
            {
                if (!_removed.Contains(key))
                {
                    result[key] = value;
                }
            }
        }
        else
        {
            foreach (var key in Output.KeyProperties)
            {
                if (record.TryGetValue(key, out var value))
                {
                    result[key] = value;
                }
            }
        }
        foreach (var property in _properties)
        {
            if (property.Expression is not null)
            {
                result[property.Property] = ToRecordValue(Evaluate(property.Expression, property.Property));
            }
        }
        return _flattener is null ? result : _flattener.FlattenRecord(result, Output.Schema);
    }

    /// <summary>Dates become the RFC 3339 text every SDK writer and target expects; tuples become arrays.</summary>
    internal static object? ToRecordValue(object? value) => value switch
    {
        DateOnly date => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset instant => SingerJson.FormatDateTime(instant),
        DateTime naive => SingerJson.FormatDateTime(new DateTimeOffset(DateTime.SpecifyKind(naive, DateTimeKind.Utc))),
        object?[] tuple => tuple.Select(ToRecordValue).ToList(),
        List<object?> list when list.Exists(x => x is DateOnly or DateTimeOffset or DateTime or object?[]) => list.Select(ToRecordValue).ToList(),
        _ => value,
    };

    internal object? Evaluate(CompiledExpression expression, string property)
    {
        _scope!.Property = property == "__filter__" ? null : property;
        try
        {
            return expression.Evaluate(_scope);
        }
        catch (MapEvaluationException ex)
        {
            throw new MapRuntimeException(OutputStream, property, expression.Text, ex.Message);
        }
        catch (Exception ex) when (ex is OverflowException or ArgumentException or FormatException or InvalidCastException or InsufficientExecutionStackException)
        {
            throw new MapRuntimeException(OutputStream, property, expression.Text, ex.Message);
        }
    }
}
