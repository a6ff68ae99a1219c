using Singer.Sdk;

namespace SingerMap;

/// <summary>Which record of a repeated key a dedupe keeps.</summary>
internal enum KeepRecord
{
    First,
    Last,
}

/// <summary>One URL property to split, the prefix of its fields and, when given, the only query parameters kept.</summary>
internal sealed record UrlParseRule(string Property, string Prefix, IReadOnlyList<string>? Params);

/// <summary>What a mask does to a property's value.</summary>
internal enum MaskAction
{
    Hash,
    Redact,
    Null,
}

/// <summary>One property's mask; <see cref="KeepLast"/> is the redact's count of trailing characters left visible.</summary>
internal sealed record MaskRule(string Property, MaskAction Action, int KeepLast);

/// <summary>The validate built-in's settings.</summary>
internal sealed record ValidateRule(StreamPatterns<bool> Streams, string RejectFile, long? MaxRejects);

/// <summary>
/// singer-map's config read into rules, every shape checked up front: a wrong one stops at start-up (exit 2) with
/// one line naming the key, stream and property, before a single message is read.
/// </summary>
internal sealed record MapConfig(
    StreamPatterns<KeepRecord> Dedupe,
    StreamPatterns<IReadOnlyList<UrlParseRule>> UrlParse,
    StreamPatterns<IReadOnlyList<MaskRule>> Mask,
    string? MaskSalt,
    ValidateRule? Validate,
    long MaxLineBytes)
{
    public static MapConfig From(PluginConfig config)
    {
        var mask = ReadPerStream(config, "mask", ReadMaskRules);
        var salt = config.GetString("mask_salt");
        if (salt is null && UsesHash(config.GetObject("mask")))
        {
            throw new ConfigurationException("mask: a 'hash' mask needs mask_salt (set it to \"\" to hash without a salt)");
        }
        return new MapConfig(
            ReadPerStream(config, "dedupe", ReadDedupe),
            ReadPerStream(config, "url_parse", ReadUrlParseRules),
            mask,
            salt,
            ReadValidate(config.GetObject("validate") ?? (config.Has("validate") ? throw new ConfigurationException("validate must be an object") : null)),
            config.GetLong(SingerReader.MaxLineBytesKey, SingerReader.DefaultMaxLineBytes));
    }

    private static StreamPatterns<T> ReadPerStream<T>(PluginConfig config, string key, Func<string, object?, T> read)
    {
        if (!config.Has(key))
        {
            return new StreamPatterns<T>([]);
        }
        var streams = config.GetObject(key) ?? throw new ConfigurationException($"{key} must be an object of stream name (or glob) → settings");
        return new StreamPatterns<T>(streams.Select(entry => KeyValuePair.Create(entry.Key, read(entry.Key, entry.Value))).ToList());
    }

    private static KeepRecord ReadDedupe(string stream, object? value)
    {
        var keep = value switch
        {
            string text => text,
            Dictionary<string, object?> settings => settings.GetValueOrDefault("keep") as string ?? "last",
            _ => null,
        };
        return keep switch
        {
            "first" => KeepRecord.First,
            "last" => KeepRecord.Last,
            _ => throw new ConfigurationException($"dedupe: stream '{stream}': keep must be \"first\" or \"last\", not {Describe(value)}"),
        };
    }

    private static IReadOnlyList<UrlParseRule> ReadUrlParseRules(string stream, object? value) => value switch
    {
        List<object?> properties => properties.Select(p => p is string name && name.Length > 0
            ? new UrlParseRule(name, name + "_", null)
            : throw new ConfigurationException($"url_parse: stream '{stream}': each property must be a non-empty string, not {Describe(p)}")).ToList(),
        Dictionary<string, object?> properties => properties.Select(p => ReadUrlParseRule(stream, p.Key, p.Value)).ToList(),
        _ => throw new ConfigurationException($"url_parse: stream '{stream}' must map to a list of properties or an object of property → settings, not {Describe(value)}"),
    };

    private static UrlParseRule ReadUrlParseRule(string stream, string property, object? value)
    {
        var settings = value as Dictionary<string, object?> ?? (value is null ? [] : throw new ConfigurationException(
            $"url_parse: stream '{stream}', property '{property}': settings must be an object with prefix and params, not {Describe(value)}"));
        var prefix = settings.GetValueOrDefault("prefix") switch
        {
            null => property + "_",
            string text => text,
            var other => throw new ConfigurationException($"url_parse: stream '{stream}', property '{property}': prefix must be a string, not {Describe(other)}"),
        };
        IReadOnlyList<string>? parameters = settings.GetValueOrDefault("params") switch
        {
            null => null,
            List<object?> names when names.All(n => n is string) => names.Cast<string>().ToList(),
            var other => throw new ConfigurationException($"url_parse: stream '{stream}', property '{property}': params must be a list of parameter names, not {Describe(other)}"),
        };
        foreach (var unknown in settings.Keys.Where(k => k is not ("prefix" or "params")))
        {
            throw new ConfigurationException($"url_parse: stream '{stream}', property '{property}': unknown setting '{unknown}' (prefix, params)");
        }
        return new UrlParseRule(property, prefix, parameters);
    }

    private static IReadOnlyList<MaskRule> ReadMaskRules(string stream, object? value)
    {
        var properties = value as Dictionary<string, object?>
            ?? throw new ConfigurationException($"mask: stream '{stream}' must map to an object of property → \"hash\" | \"null\" | {{\"redact\": N}}, not {Describe(value)}");
        return properties.Select(p => new MaskRule(p.Key, ReadMaskAction(stream, p.Key, p.Value, out var keep), keep)).ToList();
    }

    private static MaskAction ReadMaskAction(string stream, string property, object? value, out int keepLast)
    {
        keepLast = 0;
        switch (value)
        {
            case "hash":
                return MaskAction.Hash;
            case "null":
                return MaskAction.Null;
            case "redact":
                return MaskAction.Redact;
            case Dictionary<string, object?> settings when settings.Count == 1 && settings.GetValueOrDefault("redact") is long keep and >= 0 and <= 1000:
                keepLast = (int)keep;
                return MaskAction.Redact;
            default:
                throw new ConfigurationException(
                    $"mask: stream '{stream}', property '{property}': expected \"hash\", \"null\", \"redact\" or {{\"redact\": N}} with N from 0 to 1000, not {Describe(value)}");
        }
    }

    private static bool UsesHash(Dictionary<string, object?>? mask) =>
        mask?.Values.OfType<Dictionary<string, object?>>().Any(properties => properties.Values.Any(v => v is "hash")) ?? false;

    private static ValidateRule? ReadValidate(Dictionary<string, object?>? settings)
    {
        if (settings is null)
        {
            return null;
        }
        foreach (var unknown in settings.Keys.Where(k => k is not ("streams" or "reject_file" or "max_rejects")))
        {
            throw new ConfigurationException($"validate: unknown setting '{unknown}' (streams, reject_file, max_rejects)");
        }
        var streams = settings.GetValueOrDefault("streams") switch
        {
            null => ["*"],
            string one => [one],
            List<object?> names when names.All(n => n is string) => names.Cast<string>().ToList(),
            var other => throw new ConfigurationException($"validate: streams must be a list of stream names or globs, not {Describe(other)}"),
        };
        var rejectFile = settings.GetValueOrDefault("reject_file") switch
        {
            null => throw new ConfigurationException("validate: reject_file is required: the file rejected records are written to (appended)"),
            string path when path.Length > 0 => path,
            var other => throw new ConfigurationException($"validate: reject_file must be a file path, not {Describe(other)}"),
        };
        long? maxRejects = settings.GetValueOrDefault("max_rejects") switch
        {
            null => null,
            long n when n >= 0 => n,
            var other => throw new ConfigurationException($"validate: max_rejects must be a whole number of at least 0, not {Describe(other)}"),
        };
        return new ValidateRule(new StreamPatterns<bool>(streams.Select(s => KeyValuePair.Create(s, true))), rejectFile, maxRejects);
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        string text => $"\"{text}\"",
        _ => SingerJson.Serialize(value),
    };
}
