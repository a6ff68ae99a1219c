using TapRest.Http;
using TapRest.Streams;

namespace TapRest.Pagination;

/// <summary>
/// One pagination_request_style (the Meltano SDK's paginator shape): the parameters of the first request, then from
/// each page the request for the next one, or null when there is none. The stream loop knows no style.
/// </summary>
internal interface IPaginator
{
    IReadOnlyDictionary<string, string> FirstParams { get; }

    NextPage? Next(ApiResponse response, ResponseBody body, int recordCount);
}

/// <summary>
/// A style whose requests do not depend on the previous response (page numbers, offsets): the parameters of any page
/// are known up front, so parallel_requests can fetch pages ahead. <see cref="IPaginator.Next"/> still decides where
/// the stream ends, from each page in order.
/// </summary>
internal interface IPredictablePaginator : IPaginator
{
    /// <summary>The parameters of the request for page <paramref name="index"/> (0 is the first request).</summary>
    IReadOnlyDictionary<string, string> ParamsOf(long index);
}

/// <summary>
/// The next request: either a whole URL to follow (Link headers) or parameters over the stream's own. <see cref="Token"/>
/// identifies it, so a token the API hands out twice is caught instead of looping forever.
/// </summary>
internal sealed record NextPage(string Token, Uri? Url, IReadOnlyDictionary<string, string> Params)
{
    public static NextPage FollowUrl(Uri url) => new(url.ToString(), url, new Dictionary<string, string>());

    public static NextPage WithParam(string name, string value) =>
        new(value, null, new Dictionary<string, string>(StringComparer.Ordinal) { [name] = value });
}
