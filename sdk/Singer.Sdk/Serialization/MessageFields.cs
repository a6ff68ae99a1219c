using System.Globalization;

namespace Singer.Sdk.Serialization;

/// <summary>The top-level fields of one message, collected in any order, then checked and built.</summary>
internal sealed class MessageFields
{
    private readonly Dictionary<string, object?> _all = new(StringComparer.Ordinal);

    public void Set(string name, object? value) => _all[name] = value;

    public SingerMessage Build(long line)
    {
        var type = _all.GetValueOrDefault("type");
        if (type is null)
        {
            throw new ProtocolException(line, "message has no 'type'");
        }
        if (type is not string typeName)
        {
            throw new ProtocolException(line, "'type' must be a string");
        }
        return typeName switch
        {
            "RECORD" => new RecordMessage(
                RequiredString(line, "stream"),
                RequiredObject(line, "record"),
                OptionalVersion(line),
                OptionalString(line, "time_extracted")),
            "SCHEMA" => BuildSchema(line),
            "STATE" => new StateMessage(RequiredObject(line, "value")),
            "ACTIVATE_VERSION" => new ActivateVersionMessage(
                RequiredString(line, "stream"),
                OptionalVersion(line) ?? throw new ProtocolException(line, "ACTIVATE_VERSION has no 'version'")),
            "BATCH" => BuildBatch(line),
            _ => new UnknownMessage(typeName, _all),
        };
    }

    private SchemaMessage BuildSchema(long line)
    {
        var stream = RequiredString(line, "stream");
        var schema = RequiredObject(line, "schema");
        var keys = StringList(line, "key_properties", stream) ?? [];
        var bookmarks = StringList(line, "bookmark_properties", stream);
        return new SchemaMessage(stream, schema, keys, bookmarks);
    }

    private BatchMessage BuildBatch(long line)
    {
        var stream = RequiredString(line, "stream");
        var encoding = RequiredObject(line, "encoding");
        if (encoding.GetValueOrDefault("format") is not string format)
        {
            throw new ProtocolException(line, "BATCH 'encoding' has no 'format'", stream);
        }
        var compression = encoding.GetValueOrDefault("compression") as string;
        var manifest = StringList(line, "manifest", stream)
            ?? throw new ProtocolException(line, "BATCH has no 'manifest'", stream);
        return new BatchMessage(stream, new BatchEncoding(format, compression), manifest);
    }

    private string RequiredString(long line, string name) => _all.GetValueOrDefault(name) switch
    {
        string s => s,
        null => throw new ProtocolException(line, $"{_all["type"]} message has no '{name}'"),
        _ => throw new ProtocolException(line, $"'{name}' must be a string"),
    };

    private string? OptionalString(long line, string name) => _all.GetValueOrDefault(name) switch
    {
        null => null,
        string s => s,
        _ => throw new ProtocolException(line, $"'{name}' must be a string"),
    };

    private Dictionary<string, object?> RequiredObject(long line, string name) => _all.GetValueOrDefault(name) switch
    {
        Dictionary<string, object?> d => d,
        null when !_all.ContainsKey(name) => throw new ProtocolException(line, $"{_all["type"]} message has no '{name}'"),
        var other => throw new ProtocolException(line, $"'{name}' must be an object, found {Describe(other)}"),
    };

    private long? OptionalVersion(long line)
    {
        var value = _all.GetValueOrDefault("version");
        if (value is null)
        {
            return null;
        }
        if (ExactNumber.IsInteger(value) && ExactNumber.TryToDecimal(value, out var d) && d is >= long.MinValue and <= long.MaxValue)
        {
            return (long)d;
        }
        throw new ProtocolException(line, $"'version' must be an integer, found {Describe(value)}");
    }

    private List<string>? StringList(long line, string name, string stream)
    {
        var value = _all.GetValueOrDefault(name);
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
