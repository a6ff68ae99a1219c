using System.Text;
using System.Text.Json;

namespace SingerNet.Tests;

/// <summary>
/// Builds a Singer stream to feed a target, one message a line. Schemas, records and states are given as
/// JSON text (any layout) and written on one line with their numbers as written, so every digit survives
/// (18446744073709551615, 1e-10, -1234567890123456789012345678.0123456789) instead of passing through a
/// double or a decimal.
/// </summary>
public sealed class SingerStream
{
    private readonly List<string> _lines = [];

    public IReadOnlyList<string> Lines => _lines;

    /// <summary>A SCHEMA whose schema is <c>{"type": "object", "properties": ...}</c>; <paramref name="properties"/> is JSON text.</summary>
    public SingerStream Schema(string stream, string properties, params string[] keys) =>
        Line($$"""{"type":"SCHEMA","stream":{{Quote(stream)}},"schema":{"type":"object","properties":{{Compact(properties)}}},"key_properties":[{{string.Join(",", keys.Select(Quote))}}]}""");

    /// <summary>A RECORD; <paramref name="record"/> is JSON text.</summary>
    public SingerStream Record(string stream, string record, long? version = null, string? timeExtracted = null)
    {
        var text = new StringBuilder($$"""{"type":"RECORD","stream":{{Quote(stream)}},"record":{{Compact(record)}}""");
        if (version is { } v)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $",\"version\":{v}");
        }
        if (timeExtracted is not null)
        {
            text.Append($",\"time_extracted\":{Quote(timeExtracted)}");
        }
        return Line(text.Append('}').ToString());
    }

    /// <summary>A STATE; <paramref name="value"/> is JSON text (what a target prints back, bare, once it is safe).</summary>
    public SingerStream State(string value) => Line($$"""{"type":"STATE","value":{{Compact(value)}}}""");

    public SingerStream ActivateVersion(string stream, long version) =>
        Line($$"""{"type":"ACTIVATE_VERSION","stream":{{Quote(stream)}},"version":{{version}}}""");

    /// <summary>Any line, as it is.</summary>
    public SingerStream Line(string line)
    {
        _lines.Add(line);
        return this;
    }

    /// <summary>The 1-based line number the next message will have (for expected error messages).</summary>
    public int NextLineNumber => _lines.Count + 1;

    public override string ToString() => string.Concat(_lines.Select(l => l + "\n"));

    /// <summary>JSON text on one line; numbers are copied as written (JsonElement keeps their text).</summary>
    public static string Compact(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement);
    }

    /// <summary>A JSON string literal.</summary>
    public static string Quote(string text) => JsonSerializer.Serialize(text);
}
