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
    private object? _value;
    private bool _parsed;

    /// <summary>For a body read around its records (<see cref="ParseAroundRecords"/>): the body with the records list
    /// emptied, the path of that list, and the whole body to parse should a path reach into the records.</summary>
    private readonly object? _skeleton;
    private readonly PlainPath? _recordsPath;
    private readonly ReadOnlyMemory<byte> _utf8;

    private ResponseBody(object? value)
    {
        _value = value;
        _parsed = true;
    }

    private readonly string _where = "";

    private ResponseBody(object? skeleton, PlainPath recordsPath, ReadOnlyMemory<byte> utf8, string where)
    {
        _skeleton = skeleton;
        _recordsPath = recordsPath;
        _utf8 = utf8;
        _where = where;
    }

    /// <summary>
    /// The whole body's values (for a body read around its records, parsed on first use: its records may not have been
    /// checked yet, so this fails as <see cref="Parse"/> does).
    /// </summary>
    public object? Value
    {
        get
        {
            if (!_parsed)
            {
                _value = ParseOrExplain(new JsonBodyReader(), _utf8, _where);
                _parsed = true;
            }
            return _value;
        }
    }

    /// <summary>The values a plain path is read over: the body without its records when the path cannot reach them.</summary>
    internal object? ValueFor(PlainPath path) => _recordsPath is not null && !path.Overlaps(_recordsPath) ? _skeleton : Value;

    public static ResponseBody Parse(JsonBodyReader reader, byte[] body, string where) => new(ParseOrExplain(reader, Utf8Of(body), where));

    /// <summary>The body's values; bytes that are not JSON end the run with one line naming <paramref name="where"/> and how the body starts.</summary>
    private static object? ParseOrExplain(JsonBodyReader reader, ReadOnlyMemory<byte> utf8, string where)
    {
        try
        {
            return reader.Parse(utf8.Span);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException)
        {
            var start = Encoding.UTF8.GetString(utf8.Span[..Math.Min(utf8.Length, 400)]).ReplaceLineEndings(" ").Trim();
            var reason = ex.Message.Split(" LineNumber:")[0].Split(". Path")[0].TrimEnd('.', ' ');
            throw new SingerException($"{where} returned a body that is not JSON ({reason}); it starts: {(start.Length > 80 ? start[..80] + "…" : start)}");
        }
    }

    /// <summary>
    /// A body whose records (a list at a plain path ending in [*], every item an object) are left as bytes, for
    /// <see cref="RawRecordWriter"/>; the rest is parsed as <see cref="Parse"/> does, for the paginator. Null whenever
    /// the body is anything else (not JSON, no such list, an item that is not an object, a number with an exponent,
    /// a name given twice on the way): <see cref="Parse"/> then reads it, with its errors.
    /// </summary>
    /// <param name="scan">Find the records by <see cref="RawRecords.LocateByScan"/> first, leaving their bytes unchecked
    /// (for a caller that reads them all, <see cref="RawRecords.ReadWith"/>) in a body of up to <paramref name="maxScanned"/> bytes.</param>
    /// <param name="where">The stream and request, for the error of a body that proves not to be JSON after all.</param>
    public static (ResponseBody Body, RawRecords Records)? ParseAroundRecords(
        JsonBodyReader reader, byte[] body, PlainPath recordsPath, JsonBodyReader recordReader, string where,
        bool scan = false, int maxScanned = RawRecords.MaxUncheckedList)
    {
        if (!recordsPath.EndsInWildcard)
        {
            return null;
        }
        var utf8 = Utf8Of(body);
        try
        {
            var scanned = scan && utf8.Length <= maxScanned ? RawRecords.LocateByScan(utf8, recordsPath) : null;
            if ((scanned ?? RawRecords.Locate(utf8, recordsPath)) is not { } located)
            {
                return null;
            }
            var skeleton = located.SkeletonOf(utf8.Span);
            return (new ResponseBody(reader.Parse(skeleton), recordsPath, utf8, where),
                new RawRecords(recordsPath.Names.Count, scanned is not null, utf8, located.Items, recordReader));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The body as UTF-8 without a byte order mark; bad bytes become U+FFFD, as a text decoder reads them, rather than failing the page.</summary>
    private static ReadOnlyMemory<byte> Utf8Of(byte[] body)
    {
        var utf8 = body.AsMemory();
        if (utf8.Span.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }
        return System.Text.Unicode.Utf8.IsValid(utf8.Span) ? utf8 : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8.Span));
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
