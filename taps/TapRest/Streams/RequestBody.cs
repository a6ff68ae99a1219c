using System.Globalization;
using Singer.Sdk;

namespace TapRest.Streams;

/// <summary>
/// use_request_body_not_params (theirs, for APIs such as OpenSearch that read a search from the body): the parameters
/// a request would carry in its query string (the stream's params, the incremental filter, the paginator's) are sent as
/// one JSON object in the body instead (in theirs' order: params, pagination, filter), with the stream's http_method (GET by default, as theirs sends it). Values keep
/// the types theirs gives them: params as written in the config, the filter as the JSON its query text makes after
/// $last_run_date is filled in, page numbers, offsets and limits as numbers.
/// </summary>
internal static class RequestBody
{
    public static Dictionary<string, object?> From(
        StreamSettings stream, IReadOnlyDictionary<string, string> search, IReadOnlyDictionary<string, string> paginatorParams)
    {
        var body = new Dictionary<string, object?>(stream.Body ?? [], StringComparer.Ordinal);
        foreach (var (name, value) in stream.ParamValues)
        {
            body[name] = value;
        }
        foreach (var (name, value) in paginatorParams)
        {
            body[name] = long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
                && number.ToString(CultureInfo.InvariantCulture) == value ? number : value;
        }
        foreach (var (name, value) in search)
        {
            body[name] = ParsedOrText(value);
        }
        return body;
    }

    /// <summary>Theirs parses the filled-in query as JSON (and crashes when it is not); text that is not JSON is sent as a string.</summary>
    private static object? ParsedOrText(string value)
    {
        try
        {
            return SingerJson.Parse(value);
        }
        catch (Exception ex) when (ex is FormatException or SingerException or System.Text.Json.JsonException)
        {
            return value;
        }
    }
}
