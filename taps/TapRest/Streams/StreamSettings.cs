using Singer.Sdk;

namespace TapRest.Streams;

/// <summary>
/// One stream's settings: the stream object's keys over the top-level ones (params and headers merged key by key,
/// the stream's winning), read and checked once so a bad value is refused before anything is emitted.
/// </summary>
internal sealed record StreamSettings(
    string Name,
    string Path,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, string> Headers,
    string RecordsPath,
    IReadOnlyList<string> PrimaryKeys,
    string? ReplicationKey,
    IReadOnlySet<string> ExceptKeys,
    int NumInferenceRecords,
    string? StartDate,
    string? SourceSearchField,
    string? SourceSearchQuery,
    object? Schema,
    string HttpMethod,
    Dictionary<string, object?>? Body,
    string? ParentStream,
    IReadOnlyDictionary<string, object?> ParamValues,
    bool ParamsInBody,
    string ResponseStyle,
    bool IsSorted)
{
    public static IReadOnlyList<StreamSettings> ReadAll(PluginConfig config)
    {
        if (config.Values.GetValueOrDefault("streams") is not List<object?> { Count: > 0 } streams)
        {
            throw new ConfigurationException("config key 'streams' must be a list of at least one stream object");
        }
        var result = new List<StreamSettings>();
        for (var i = 0; i < streams.Count; i++)
        {
            if (streams[i] is not Dictionary<string, object?> stream)
            {
                throw new ConfigurationException($"config streams[{i}] must be an object");
            }
            var settings = Read(config, stream, i);
            if (result.Exists(s => s.Name == settings.Name))
            {
                throw new ConfigurationException($"config streams[{i}]: stream name '{settings.Name}' is used twice");
            }
            result.Add(settings);
        }
        CheckParents(result);
        return result;
    }

    private static StreamSettings Read(PluginConfig top, Dictionary<string, object?> stream, int index)
    {
        foreach (var key in stream.Keys.Where(k => !RestSettings.StreamKeys.Contains(k)).Order(StringComparer.Ordinal))
        {
            Log.Warning($"config streams[{index}] key '{key}' is not a stream setting and is ignored");
        }
        var merged = new Dictionary<string, object?>(top.Values, StringComparer.Ordinal);
        foreach (var (key, value) in stream)
        {
            merged[key] = value;
        }
        var own = new PluginConfig(merged);
        var name = own.GetString("name") is { Length: > 0 } n && stream.ContainsKey("name")
            ? n
            : throw new ConfigurationException($"config streams[{index}] has no 'name' (every stream needs one)");
        var inference = own.GetInt("num_inference_records", RestSettings.DefaultInferenceRecords);
        if (inference < 1)
        {
            throw new ConfigurationException($"stream '{name}': num_inference_records must be at least 1, got {inference}");
        }
        return new StreamSettings(
            name,
            own.GetString("path") ?? "",
            MergeText(top, stream, "params", name),
            MergeText(top, stream, "headers", name),
            own.GetString("records_path") is { Length: > 0 } path ? path : RestSettings.DefaultRecordsPath,
            own.GetStringList("primary_keys"),
            own.GetString("replication_key") is { Length: > 0 } replicationKey ? replicationKey : null,
            own.GetStringList("except_keys").ToHashSet(StringComparer.Ordinal),
            inference,
            own.GetString("start_date") is { Length: > 0 } start ? start : null,
            own.GetString("source_search_field"),
            own.GetString("source_search_query"),
            stream.GetValueOrDefault("schema"),
            Method(own, name),
            own.GetObject("body"),
            new PluginConfig(stream).GetString("parent_stream") is { Length: > 0 } parent ? parent : null,
            Merge(top, stream, "params"),
            top.GetBool("use_request_body_not_params", false),
            top.GetString("pagination_response_style") is { Length: > 0 } style ? style : "default",
            own.GetBool("is_sorted", false));
    }

    /// <summary>Every parent_stream names a configured stream, with no cycle, and a child path has a placeholder.</summary>
    private static void CheckParents(List<StreamSettings> streams)
    {
        foreach (var stream in streams.Where(s => s.ParentStream is not null))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal) { stream.Name };
            for (var parent = stream.ParentStream; parent is not null; parent = streams.Find(s => s.Name == parent)!.ParentStream)
            {
                if (!streams.Exists(s => s.Name == parent))
                {
                    throw new ConfigurationException($"stream '{stream.Name}': parent_stream '{parent}' is not a configured stream");
                }
                if (!seen.Add(parent))
                {
                    throw new ConfigurationException($"stream '{stream.Name}': parent_stream forms a cycle through '{parent}'");
                }
            }
            if (PathTemplate.Fields(stream.Path).Count == 0)
            {
                throw new ConfigurationException($"stream '{stream.Name}': a child stream's path needs a {{field}} placeholder filled from its parent's records");
            }
        }
    }

    /// <summary>GET (the default) or POST, for search endpoints that take their query as a JSON body.</summary>
    private static string Method(PluginConfig config, string name) => (config.GetString("http_method") ?? "GET").ToUpperInvariant() switch
    {
        "GET" => "GET",
        "POST" => "POST",
        var other => throw new ConfigurationException($"stream '{name}': http_method must be GET or POST, got '{other}'"),
    };

    /// <summary>An object setting (params, headers) with the stream's keys over the top level's, values as text.</summary>
    private static Dictionary<string, string> MergeText(PluginConfig top, Dictionary<string, object?> stream, string key, string name)
    {
        var merged = Merge(top, stream, key).ToDictionary(e => e.Key, e => e.Value switch
        {
            null => "",
            string s => s,
            bool b => b ? "true" : "false",
            var other => SingerJson.Serialize(other),
        }, StringComparer.Ordinal);
        if (merged.Keys.FirstOrDefault(k => k.Length == 0) is not null)
        {
            throw new ConfigurationException($"stream '{name}': {key} has an empty name");
        }
        return merged;
    }

    /// <summary>An object setting with the stream's keys over the top level's, values as the config has them (for a JSON body).</summary>
    private static Dictionary<string, object?> Merge(PluginConfig top, Dictionary<string, object?> stream, string key)
    {
        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var source in new[] { top.GetObject(key), new PluginConfig(stream).GetObject(key) })
        {
            foreach (var (entry, value) in source ?? [])
            {
                merged[entry] = value;
            }
        }
        return merged;
    }
}
