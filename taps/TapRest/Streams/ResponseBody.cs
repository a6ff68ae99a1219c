using System.Text;
using System.Text.Json;
using Singer.Sdk;
using TapRest.Pagination;

namespace TapRest.Streams;

/// <summary>
/// A response body parsed once into record values (dictionaries, lists, long/BigInteger/decimal/BigDecimal, string,
/// bool) with the SDK's reader, so a number beyond System.Decimal (1e400, 39 digits) stays exact; JSONPath
/// expressions (records_path, the paginators' paths) are read over those values by <see cref="JsonPaths"/>.
/// </summary>
internal sealed class ResponseBody
{
    private JsonPathMirror? _mirror;

    private ResponseBody(object? value) => Value = value;

    public object? Value { get; }

    public static ResponseBody Parse(JsonBodyReader reader, byte[] body, string where)
    {
        var utf8 = body.AsSpan();
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            // As a text decoder reads it: bad bytes become U+FFFD rather than failing the page.
            utf8 = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8));
        }
        try
        {
            return new ResponseBody(reader.Parse(utf8));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException)
        {
            var start = Encoding.UTF8.GetString(utf8[..Math.Min(utf8.Length, 400)]).ReplaceLineEndings(" ").Trim();
            var reason = ex.Message.Split(" LineNumber:")[0].Split(". Path")[0].TrimEnd('.', ' ');
            throw new SingerException($"{where} returned a body that is not JSON ({reason}); it starts: {(start.Length > 80 ? start[..80] + "…" : start)}");
        }
    }

    /// <summary>Every match of a JSONPath, in document order (a JSON null that is there counts as a match).</summary>
    public IReadOnlyList<object?> Select(string path) => JsonPaths.Select(this, path);

    public object? First(string path) => Select(path) is { Count: > 0 } matches ? matches[0] : null;

    /// <summary>The first match as text (a string's value, a number's literal); null for no match or JSON null.</summary>
    public string? FirstText(string path) => First(path) switch
    {
        null => null,
        string text => text,
        bool flag => flag ? "true" : "false",
        var other => SingerJson.Serialize(other),
    };

    /// <summary>The body as Newtonsoft.Json tokens, built on the first JSONPath that needs more than plain names.</summary>
    internal JsonPathMirror Mirror => _mirror ??= new JsonPathMirror(Value);

    /// <summary>How a value is named in an error (Newtonsoft.Json's type names, as the messages always said).</summary>
    public static string Describe(object? value) => value switch
    {
        Dictionary<string, object?> map => map.Count == 0 ? "an empty object" : $"an object with keys {string.Join(", ", map.Keys.Take(10))}",
        List<object?> list => $"a list of {list.Count}",
        null => "a null",
        string => "a string",
        bool => "a boolean",
        long or System.Numerics.BigInteger => "a integer",
        _ => "a float",
    };
}
