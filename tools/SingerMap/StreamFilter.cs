using Singer.Sdk;

namespace SingerMap;

/// <summary>
/// One stream's transforms, rebuilt at each of its SCHEMA messages: url_parse adds fields, mask retypes properties
/// and the output SCHEMA says so. A query parameter first seen in a record adds a field: <see cref="Apply"/> then
/// reports that the output SCHEMA changed, and the caller sends it before the record.
/// </summary>
internal sealed class StreamFilter
{
    private readonly IReadOnlyList<UrlParseRule> _urlRules;
    private readonly List<string>[] _paramsSeen;
    private readonly Masker? _masker;
    private readonly HashSet<string> _inputProperties;

    public StreamFilter(SchemaMessage input, long lineNumber, IReadOnlyList<UrlParseRule> urlRules, Masker? masker)
    {
        Input = input;
        LineNumber = lineNumber;
        _urlRules = urlRules;
        _masker = masker;
        _paramsSeen = urlRules.Select(rule => rule.Params?.ToList() ?? []).ToArray();
        _inputProperties = [.. Properties(input.Schema).Keys];
        CheckNames();
        Output = BuildOutput();
    }

    public SchemaMessage Input { get; }

    public SchemaMessage Output { get; private set; }

    /// <summary>The line of the SCHEMA this filter was built from, for messages about it.</summary>
    public long LineNumber { get; }

    /// <summary>True when the stream is written exactly as it came (no field added, retyped or changed).</summary>
    public bool PassesThrough => _urlRules.Count == 0 && _masker is null;

    /// <summary>Transforms <paramref name="record"/> in place; true when it brought a new query parameter, so the output SCHEMA changed.</summary>
    public bool Apply(Dictionary<string, object?> record, long lineNumber)
    {
        var schemaChanged = false;
        for (var i = 0; i < _urlRules.Count; i++)
        {
            schemaChanged |= SplitUrl(record, _urlRules[i], _paramsSeen[i], lineNumber);
        }
        _masker?.Apply(record);
        if (schemaChanged)
        {
            Output = BuildOutput();
        }
        return schemaChanged;
    }

    /// <summary>At most this many distinct query parameters become fields per URL property unless params lists them.</summary>
    internal const int MaxDiscoveredParams = 200;

    private bool SplitUrl(Dictionary<string, object?> record, UrlParseRule rule, List<string> seen, long lineNumber)
    {
        var parts = record.GetValueOrDefault(rule.Property) is string url ? UrlSplitter.Split(url) : null;
        record[rule.Prefix + "scheme"] = parts?.Scheme;
        record[rule.Prefix + "host"] = parts?.Host;
        record[rule.Prefix + "path"] = parts?.Path;
        foreach (var name in seen)
        {
            record[ParamField(rule, name)] = null;
        }
        var added = false;
        foreach (var (name, value) in parts?.Query ?? [])
        {
            if (rule.Params is not null && !rule.Params.Contains(name))
            {
                continue;
            }
            if (rule.Params is null && !seen.Contains(name))
            {
                var field = ParamField(rule, name);
                if (seen.Count >= MaxDiscoveredParams)
                {
                    throw new SingerException($"line {lineNumber}: stream '{Input.Stream}', property '{rule.Property}': more than {MaxDiscoveredParams} different query parameters; list the ones to keep in url_parse's params");
                }
                if (_inputProperties.Contains(field))
                {
                    throw new SingerException($"line {lineNumber}: stream '{Input.Stream}': url_parse of '{rule.Property}' would write field '{field}', which the stream already has; set another prefix");
                }
                seen.Add(name);
                added = true;
            }
            record[ParamField(rule, name)] = value;
        }
        return added;
    }

    private static string ParamField(UrlParseRule rule, string name) => rule.Prefix + "query_" + name;

    /// <summary>Refuses a generated field that would overwrite a property of the stream or of another url_parse rule.</summary>
    private void CheckNames()
    {
        var generated = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < _urlRules.Count; i++)
        {
            var rule = _urlRules[i];
            foreach (var field in UrlParts.Select(part => rule.Prefix + part).Concat(_paramsSeen[i].Select(p => ParamField(rule, p))))
            {
                if (_inputProperties.Contains(field))
                {
                    throw new SingerException($"line {LineNumber}: stream '{Input.Stream}': url_parse of '{rule.Property}' would write field '{field}', which the stream already has; set another prefix");
                }
                if (!generated.TryAdd(field, rule.Property) && generated[field] != rule.Property)
                {
                    throw new SingerException($"line {LineNumber}: stream '{Input.Stream}': url_parse of '{generated[field]}' and of '{rule.Property}' would both write field '{field}'; give them different prefixes");
                }
            }
        }
        foreach (var rule in _urlRules.Where(rule => !_inputProperties.Contains(rule.Property)))
        {
            Log.Warning($"stream '{Input.Stream}': url_parse property '{rule.Property}' is not in its SCHEMA (line {LineNumber}); its fields will be null");
        }
        foreach (var rule in _masker?.Rules ?? [])
        {
            if (!_inputProperties.Contains(rule.Property) && !generated.ContainsKey(rule.Property))
            {
                Log.Warning($"stream '{Input.Stream}': mask property '{rule.Property}' is not in its SCHEMA (line {LineNumber}); it is masked in the records that have it");
            }
            if (Input.KeyProperties.Contains(rule.Property) && rule.Action != MaskAction.Hash)
            {
                throw new SingerException($"line {LineNumber}: stream '{Input.Stream}': mask '{rule.Action.ToString().ToLowerInvariant()}' on key property '{rule.Property}' would give different records the same key; hash it, or leave it unmasked");
            }
        }
    }

    private static readonly string[] UrlParts = ["scheme", "host", "path"];

    private SchemaMessage BuildOutput()
    {
        if (PassesThrough)
        {
            return Input;
        }
        var properties = new Dictionary<string, object?>(Properties(Input.Schema), StringComparer.Ordinal);
        for (var i = 0; i < _urlRules.Count; i++)
        {
            var rule = _urlRules[i];
            foreach (var part in UrlParts)
            {
                properties[rule.Prefix + part] = new Dictionary<string, object?> { ["type"] = new List<object?> { "string", "null" } };
            }
            foreach (var name in _paramsSeen[i])
            {
                properties[ParamField(rule, name)] = new Dictionary<string, object?>
                {
                    ["type"] = new List<object?> { "string", "array", "null" },
                    ["items"] = new Dictionary<string, object?> { ["type"] = "string" },
                };
            }
        }
        foreach (var rule in _masker?.Rules ?? [])
        {
            if (properties.TryGetValue(rule.Property, out var original))
            {
                properties[rule.Property] = Masker.MaskedSchema(original, rule.Action);
            }
        }
        var schema = new Dictionary<string, object?>(Input.Schema, StringComparer.Ordinal) { ["properties"] = properties };
        return new SchemaMessage(Input.Stream, schema, Input.KeyProperties, Input.BookmarkProperties);
    }

    private static Dictionary<string, object?> Properties(Dictionary<string, object?> schema) =>
        schema.GetValueOrDefault("properties") as Dictionary<string, object?> ?? [];
}
