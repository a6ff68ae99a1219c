using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using Singer.Sdk.Serialization;

namespace Singer.Sdk;

/// <summary>
/// JSON documents (config, catalog, state files) as the same plain CLR values records use:
/// exact numbers, strings left as strings.
/// </summary>
public static class SingerJson
{
    public static object? Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    public static object? Parse(ReadOnlySpan<byte> utf8) => JsonValueReader.ParseDocument(utf8);

    /// <summary>Reads a JSON file; a missing or malformed file is a <see cref="ConfigurationException"/> naming it.</summary>
    public static async Task<object?> ReadFileAsync(string path, string role, CancellationToken cancellationToken = default)
    {
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read {role} file '{path}': {ex.Message}", ex);
        }
        if (!Utf8.IsValid(bytes))
        {
            throw new ConfigurationException($"{role} file '{path}' is not valid UTF-8");
        }
        try
        {
            return Parse(StripBom(bytes));
        }
        catch (JsonException ex)
        {
            throw new ConfigurationException($"{role} file '{path}' is not valid JSON: {ex.Message}", ex);
        }
    }

    public static async Task<Dictionary<string, object?>> ReadObjectFileAsync(string path, string role, CancellationToken cancellationToken = default)
    {
        var value = await ReadFileAsync(path, role, cancellationToken);
        return value as Dictionary<string, object?>
            ?? throw new ConfigurationException($"{role} file '{path}' must hold a JSON object");
    }

    public static string Serialize(object? value, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, SingerWriter.Options with { Indented = indented }))
        {
            JsonValueWriter.Write(json, value);
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>RFC 3339 UTC with microseconds, as singer-python writes datetimes: 2024-01-01T00:00:30.000000Z.</summary>
    public static string FormatDateTime(DateTimeOffset value) => JsonValueWriter.FormatDateTime(value);

    private static ReadOnlySpan<byte> StripBom(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith("\uFEFF"u8) ? bytes[3..] : bytes;
}
