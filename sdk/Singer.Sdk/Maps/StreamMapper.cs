using System.Text.RegularExpressions;

namespace Singer.Sdk.Maps;

/// <summary>
/// Applies the config's <c>stream_maps</c> (and, where the executable opts in, Meltano's flattening) to a Singer
/// stream: each SCHEMA registers its stream and is rewritten for every output stream made from it; each RECORD and
/// ACTIVATE_VERSION goes to those outputs; STATE and anything else pass through untouched. Build it with
/// <see cref="FromConfig"/>, which returns null when the config asks for nothing, so a run without maps does no extra work.
/// </summary>
public sealed class StreamMapper
{
    private readonly List<KeyValuePair<string, object?>> _definitions;
    private readonly IReadOnlyDictionary<string, object?> _config;
    private readonly Flattener? _flattener;
    private readonly bool _dropUnlisted;
    private readonly Dictionary<string, List<StreamMap>> _maps = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _outputSources = new(StringComparer.Ordinal);

    private StreamMapper(List<KeyValuePair<string, object?>> definitions, IReadOnlyDictionary<string, object?> config, Flattener? flattener, bool dropUnlisted)
    {
        _definitions = definitions;
        _config = config;
        _flattener = flattener;
        _dropUnlisted = dropUnlisted;
    }

    public const string StreamMapsKey = "stream_maps";
    public const string StreamMapConfigKey = "stream_map_config";
    public const string FlatteningEnabledKey = "flattening_enabled";
    public const string FlatteningMaxDepthKey = "flattening_max_depth";

    /// <summary>The settings of stream maps, for an executable's --about.</summary>
    public static IReadOnlyList<SettingDefinition> Settings(bool withFlattening) => withFlattening ? AllSettings : MapSettings;

    private static readonly SettingDefinition[] MapSettings =
    [
        new(StreamMapsKey, "object", "Meltano stream maps: per stream (or glob), properties to add, change (a Python expression) or remove (null), "
            + "with __filter__, __alias__, __source__, __key_properties__ and __else__; a stream set to null is dropped."),
        new(StreamMapConfigKey, "object", "Values the stream map expressions read as config['key'] (a hash salt, say); masked wherever they would be printed.", Secret: true),
    ];

    private static readonly SettingDefinition[] AllSettings =
    [
        .. MapSettings,
        new(FlatteningEnabledKey, "boolean", "Flatten nested objects into parent__child properties (Meltano's flattening).", Default: false),
        new(FlatteningMaxDepthKey, "integer", "How many levels flattening opens; deeper objects and arrays become JSON text. Required with flattening_enabled."),
    ];

    /// <summary>
    /// The mapper the config asks for, or null when it has no <c>stream_maps</c> (and no flattening, when
    /// <paramref name="flatteningAllowed"/>). A malformed setting throws <see cref="ConfigurationException"/> (exit 2).
    /// </summary>
    public static StreamMapper? FromConfig(PluginConfig config, bool flatteningAllowed = true)
    {
        var flattener = flatteningAllowed ? FlattenerFrom(config) : null;
        var maps = config.Values.GetValueOrDefault(StreamMapsKey) switch
        {
            null => [],
            Dictionary<string, object?> map => map,
            var other => throw new ConfigurationException($"config key '{StreamMapsKey}' must be an object, not {StreamMapBuilder.Describe(other)}"),
        };
        var mapConfig = config.Values.GetValueOrDefault(StreamMapConfigKey) switch
        {
            null => new Dictionary<string, object?>(),
            Dictionary<string, object?> map => map,
            var other => throw new ConfigurationException($"config key '{StreamMapConfigKey}' must be an object, not {StreamMapBuilder.Describe(other)}"),
        };
        if (maps.Count == 0 && flattener is null)
        {
            return null;
        }
        var dropUnlisted = false;
        var definitions = new List<KeyValuePair<string, object?>>();
        foreach (var (key, value) in maps)
        {
            if (key == StreamMapBuilder.Else)
            {
                dropUnlisted = StreamMapBuilder.IsNull(value)
                    ? true
                    : throw new ConfigurationException($"stream_maps: {StreamMapBuilder.Else} may only be null (drop the streams not listed), not {StreamMapBuilder.Describe(value)}");
                continue;
            }
            if (key.StartsWith("__", StringComparison.Ordinal))
            {
                throw new ConfigurationException($"stream_maps: '{key}' is not an option at the top level (only {StreamMapBuilder.Else} is)");
            }
            if (value is not (null or StreamMapBuilder.NullText or Dictionary<string, object?>))
            {
                throw new ConfigurationException($"stream_maps: stream '{key}': expected an object of property maps, or null to drop the stream, not {StreamMapBuilder.Describe(value)}");
            }
            if (value is Dictionary<string, object?> d && d.ContainsKey(StreamMapBuilder.Source) && d.ContainsKey(StreamMapBuilder.Alias))
            {
                throw new ConfigurationException($"stream_maps: stream '{key}': use {StreamMapBuilder.Source} (a new stream named '{key}') or {StreamMapBuilder.Alias} (rename this stream), not both");
            }
            CheckSyntax(key, value as Dictionary<string, object?>);
            definitions.Add(new(key, value));
        }
        return new StreamMapper(definitions, mapConfig, flattener, dropUnlisted);
    }

    /// <summary>Parses every expression now, so a typo stops the run at start-up, before any stream is read (names are bound per SCHEMA).</summary>
    private static void CheckSyntax(string stream, Dictionary<string, object?>? definition)
    {
        foreach (var (property, value) in definition ?? [])
        {
            var text = value switch
            {
                string s when property is not (StreamMapBuilder.Source or StreamMapBuilder.Alias) && !StreamMapBuilder.IsNull(s) => s,
                Dictionary<string, object?> typed => typed.GetValueOrDefault("expression") as string,
                _ => null,
            };
            if (text is null)
            {
                continue;
            }
            try
            {
                Expressions.ExpressionParser.Parse(text);
            }
            catch (Expressions.ExpressionSyntaxException ex)
            {
                throw new ConfigurationException($"stream_maps: stream '{stream}': property '{property}': column {ex.Column}: {ex.Message}: {SingerJson.Serialize(text)}");
            }
        }
    }

    private static Flattener? FlattenerFrom(PluginConfig config)
    {
        if (!config.GetBool(FlatteningEnabledKey, false))
        {
            return null;
        }
        var depth = config.GetLong(FlatteningMaxDepthKey)
            ?? throw new ConfigurationException($"config key '{FlatteningMaxDepthKey}' is required when '{FlatteningEnabledKey}' is true");
        return depth switch
        {
            < 0 => throw new ConfigurationException($"config key '{FlatteningMaxDepthKey}' must be 0 or more, got {depth}"),
            0 => null, // Meltano: depth 0 flattens nothing
            _ => new Flattener((int)Math.Min(depth, 1000)),
        };
    }

    /// <summary>
    /// True when no map can touch <paramref name="stream"/> (no entry names it or a glob matching it, no flattening, no
    /// __else__ dropping it): its records may then take a target's fast path untouched. Decided from the config alone,
    /// so the input-parsing thread may ask it while SCHEMAs are being registered.
    /// </summary>
    public bool PassesThrough(string stream)
    {
        if (_flattener is not null || _dropUnlisted)
        {
            return false;
        }
        foreach (var (key, value) in _definitions)
        {
            var source = (value as Dictionary<string, object?>)?.GetValueOrDefault(StreamMapBuilder.Source) as string ?? key;
            if (source == stream || Glob(source).IsMatch(stream))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Builds the maps of these streams (a tap's selected catalog entries) to find their mistakes before any message is written.</summary>
    public void Check(IEnumerable<SchemaMessage> schemas)
    {
        foreach (var schema in schemas)
        {
            Register(schema);
        }
        _maps.Clear();
        _outputSources.Clear();
    }

    /// <summary>The messages one input message becomes (none, one, or one per output stream).</summary>
    public IReadOnlyList<SingerMessage> Map(SingerMessage message) => message switch
    {
        SchemaMessage schema => Register(schema).Where(m => m.Output is not null).Select(m => (SingerMessage)m.Output!).ToList(),
        RecordMessage record => MapRecord(record),
        ActivateVersionMessage activate => _maps.TryGetValue(activate.Stream, out var maps)
            ? maps.Where(m => m.Output is not null).Select(m => (SingerMessage)(activate with { Stream = m.OutputStream })).ToList()
            : [activate],
        _ => [message],
    };

    private List<SingerMessage> MapRecord(RecordMessage record)
    {
        if (!_maps.TryGetValue(record.Stream, out var maps))
        {
            return [record]; // no SCHEMA yet: the reader downstream reports that, as it would without maps
        }
        if (maps.Count == 1)
        {
            var map = maps[0];
            if (map.IsIdentity)
            {
                return [record];
            }
            return map.Transform(record.Record) is { } single ? [record with { Stream = map.OutputStream, Record = single }] : [];
        }
        var result = new List<SingerMessage>(maps.Count);
        foreach (var map in maps)
        {
            if (map.Transform(record.Record) is { } mapped)
            {
                result.Add(record with { Stream = map.OutputStream, Record = mapped });
            }
        }
        return result;
    }

    /// <summary>Builds the maps of a stream from its SCHEMA (again when the schema changes), in the order of <c>stream_maps</c>.</summary>
    private List<StreamMap> Register(SchemaMessage schema)
    {
        var maps = Build(schema);
        foreach (var map in maps.Where(m => m.Output is not null))
        {
            if (_outputSources.TryGetValue(map.OutputStream, out var other) && other != schema.Stream)
            {
                throw new ConfigurationException($"stream_maps: streams '{other}' and '{schema.Stream}' both map to the stream '{map.OutputStream}'");
            }
            _outputSources[map.OutputStream] = schema.Stream;
        }
        if (maps.Where(m => m.Output is not null).GroupBy(m => m.OutputStream).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ConfigurationException($"stream_maps: stream '{schema.Stream}' maps to the stream '{twice.Key}' twice");
        }
        _maps[schema.Stream] = maps;
        return maps;
    }

    /// <summary>
    /// The maps of <paramref name="stream"/> (registered by its SCHEMA) when every one of them can map a record as JSON
    /// bytes (see <see cref="RecordBytesMap"/>); null when the record must be mapped as a message.
    /// </summary>
    internal IReadOnlyList<StreamMap>? BytesMapsOf(string stream)
    {
        if (!_maps.TryGetValue(stream, out var maps))
        {
            return null;
        }
        foreach (var map in maps)
        {
            if (map.BytesMap is null)
            {
                return null;
            }
        }
        return maps;
    }

    /// <summary>
    /// For a target: a transcoder that maps each record of <paramref name="schema"/>'s stream from its bytes and hands the
    /// result to the target's transcoder for the mapped SCHEMA (<paramref name="forOutput"/>); null when the stream has
    /// several outputs or a map needs whole records. Its maps are its own (built here, on the parsing thread), apart from
    /// those <see cref="Map"/> registers.
    /// </summary>
    public RecordTranscoder? TranscoderFor(SchemaMessage schema, Func<SchemaMessage, RecordTranscoder?> forOutput)
    {
        var maps = Build(schema);
        if (maps.Count != 1 || maps[0].BytesMap is not { } bytes)
        {
            return null;
        }
        var map = maps[0];
        if (map.Output is null)
        {
            return new MappedRecordTranscoder(map.OutputStream, bytes, null);
        }
        return forOutput(map.Output) is { } inner ? new MappedRecordTranscoder(map.OutputStream, bytes, inner) : null;
    }

    /// <summary>
    /// For a pipe filter (singer-map): a transcoder that maps each record of <paramref name="schema"/>'s stream from its
    /// bytes into the mapped record's JSON, byte for byte what writing the ordinarily mapped record gives (no check
    /// against the mapped SCHEMA, as the ordinary path makes none). Null when the stream has several outputs, is renamed
    /// (its counts stay under one name), or a map needs whole records. A record it declines is parsed and mapped the
    /// ordinary way, where errors are reported at their line.
    /// </summary>
    public RecordTranscoder? PipeTranscoderFor(SchemaMessage schema)
    {
        var maps = Build(schema);
        if (maps.Count != 1 || maps[0].BytesMap is not { } bytes || maps[0].OutputStream != schema.Stream)
        {
            return null;
        }
        return new MappedRecordTranscoder(maps[0].OutputStream, bytes, null, copiesMapped: true);
    }

    /// <summary>The maps of a stream, without registering them.</summary>
    private List<StreamMap> Build(SchemaMessage schema)
    {
        var maps = new List<StreamMap> { StreamMap.Default(schema, _dropUnlisted, _flattener) };
        foreach (var (key, value) in _definitions)
        {
            var definition = value as Dictionary<string, object?>;
            var sourcePattern = key;
            var output = key;
            var primary = true;
            if (definition?.GetValueOrDefault(StreamMapBuilder.Source) is { } source)
            {
                sourcePattern = source as string ?? throw new ConfigurationException($"stream_maps: stream '{key}': {StreamMapBuilder.Source} must be a stream name");
                primary = false;
            }
            else if (definition?.GetValueOrDefault(StreamMapBuilder.Alias) is { } alias)
            {
                output = StreamAlias.Evaluate(alias as string ?? throw new ConfigurationException($"stream_maps: stream '{key}': {StreamMapBuilder.Alias} must be text"), schema.Stream);
            }
            if (schema.Stream != sourcePattern)
            {
                if (!Glob(sourcePattern).IsMatch(schema.Stream))
                {
                    continue;
                }
                if (output == sourcePattern)
                {
                    output = schema.Stream;
                }
            }
            var map = definition is null
                ? StreamMap.Default(schema, drop: true, _flattener)
                : StreamMapBuilder.Build(schema, output, definition, _config, _flattener);
            if (primary)
            {
                maps[0] = map;
            }
            else
            {
                maps.Add(map);
            }
        }
        return maps;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Regex> _globs = new(StringComparer.Ordinal);

    /// <summary>Python's fnmatch: <c>*</c>, <c>?</c> and <c>[seq]</c> / <c>[!seq]</c>, over the whole name.</summary>
    private Regex Glob(string pattern)
    {
        return _globs.GetOrAdd(pattern, NamePattern.ToRegex);
    }
}
