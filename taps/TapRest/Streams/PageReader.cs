using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Singer.Sdk;
using TapRest.Http;
using TapRest.Pagination;

namespace TapRest.Streams;

/// <summary>
/// Reads a stream page by page: builds each request (api_url + path, the stream's params, the paginator's), parses the
/// body and yields the records at records_path. Stops on an empty page or when the paginator has no next page; a
/// next-page token seen before is an error, never an endless loop. With parallel_requests above 1 and a style whose
/// requests are known up front, pages are fetched (and parsed) ahead by <see cref="PageReadAhead"/>; records still come
/// in page order and the end is decided page by page as here.
/// </summary>
/// <param name="recordsAsBytes">Off only in tests, which compare the two ways of reading records.</param>
/// <param name="maxUncheckedList">Smaller only in tests, which read large pages the way a very large one is read.</param>
internal sealed class PageReader(
    ApiClient client, PluginConfig config, string apiUrl, int parallelRequests = 1, bool recordsAsBytes = true, int maxUncheckedList = RawRecords.MaxUncheckedList)
{
    /// <summary>The runtime's switch (read once, at the first socket) that runs socket completions inline; set by Program.</summary>
    internal const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    private readonly JsonBodyReader _json = new();

    /// <summary>Parses records left as bytes (<see cref="RawRecords"/>) when they are wanted as values: only ever by the stream loop, one at a time.</summary>
    private readonly JsonBodyReader _recordJson = new();

    /// <param name="writer">Given, records are left as unchecked bytes for it to read (<see cref="RawRecords.ReadWith"/>).</param>
    public IAsyncEnumerable<IReadOnlyList<Dictionary<string, object?>>> ReadAsync(
        StreamSettings stream, IReadOnlyDictionary<string, string> extraParams, CancellationToken cancellationToken, bool readAhead = false,
        RawRecordWriter? writer = null)
    {
        var paginator = PaginatorFactory.Create(config, stream);
        var baseUrl = apiUrl.TrimEnd('/') + (stream.Path.Length == 0 || stream.Path.StartsWith('/') ? "" : "/") + stream.Path;
        if (parallelRequests > 1 && paginator is IPredictablePaginator predictable)
        {
            return ReadAheadAsync(stream, predictable, index => RequestFor(stream, baseUrl, extraParams, predictable.ParamsOf(index), null), writer, cancellationToken);
        }
        return ReadInTurnAsync(stream, paginator, baseUrl, extraParams, readAhead, writer, cancellationToken);
    }

    /// <summary>One page's request: the query carries the stream's params, the paginator's and the search filter, in theirs' order, or with
    /// use_request_body_not_params they all go in a JSON body instead; a POST without that sends the stream's body.</summary>
    private static PageRequest RequestFor(
        StreamSettings stream, string baseUrl, IReadOnlyDictionary<string, string> extraParams, IReadOnlyDictionary<string, string> pageParams, Uri? nextUrl) =>
        stream.ParamsInBody
            ? new PageRequest(nextUrl ?? WithQuery(baseUrl), RequestBody.From(stream, extraParams, pageParams))
            : new PageRequest(nextUrl ?? WithQuery(baseUrl, stream.Params, pageParams, extraParams), stream.HttpMethod == "POST" ? stream.Body ?? [] : null);

    private sealed record PageRequest(Uri Url, Dictionary<string, object?>? Body);

    private async IAsyncEnumerable<IReadOnlyList<Dictionary<string, object?>>> ReadAheadAsync(
        StreamSettings stream, IPredictablePaginator paginator, Func<long, PageRequest> requestOf, RawRecordWriter? writer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var ahead = new PageReadAhead(parallelRequests, async (index, json, token) =>
        {
            var request = requestOf(index);
            var response = await client.SendAsync(stream.HttpMethod, request.Url, stream.Headers, request.Body, stream.Name, token);
            // Off the socket-polling thread (see InlineCompletions): the pages in flight are parsed at once, not in turn.
            await Task.Yield();
            var (body, records) = Read(json, response, stream, request.Url, index == 0, writer);
            return new FetchedPage(response, body, records);
        }, cancellationToken);
        while (true)
        {
            var (response, body, records) = await ahead.NextAsync();
            yield return records;
            if (records.Count == 0 || paginator.Next(response, body, records.Count) is null)
            {
                yield break;
            }
        }
    }

    /// <summary>Pages read ahead and waiting for the caller, besides the one it works on and the one being fetched.</summary>
    internal const int PagesWaiting = 2;

    /// <summary>
    /// One request at a time. With <paramref name="readAhead"/> pages are fetched in turn (<see cref="ReadAheadAsync"/>)
    /// while the caller works through earlier ones: still one request in flight and the same requests in the same order,
    /// but the next request goes out as soon as a page is read, not when the caller is done with the one before (up to
    /// <see cref="PagesWaiting"/> pages wait). A page's failure surfaces after the pages before it, as it would one page
    /// at a time. Off for discovery (which stops early) and for streams with children (whose requests would interleave).
    /// </summary>
    private async IAsyncEnumerable<IReadOnlyList<Dictionary<string, object?>>> ReadInTurnAsync(
        StreamSettings stream, IPaginator paginator, string baseUrl, IReadOnlyDictionary<string, string> extraParams, bool readAhead,
        RawRecordWriter? writer, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pages = PagesInTurnAsync(stream, paginator, baseUrl, extraParams, writer, cancellationToken);
        await foreach (var page in readAhead ? ReadAheadAsync(pages, cancellationToken) : pages)
        {
            yield return page.Records;
            if (page.Repeated is not null)
            {
                throw page.Repeated;
            }
        }
    }

    /// <summary>A page read in turn: its records and, for the last one, the error of a next-page token given twice.</summary>
    private sealed record PageInTurn(IReadOnlyList<Dictionary<string, object?>> Records, SingerException? Repeated);

    /// <summary>The stream's pages, each fetched when the one before is read.</summary>
    private async IAsyncEnumerable<PageInTurn> PagesInTurnAsync(
        StreamSettings stream, IPaginator paginator, string baseUrl, IReadOnlyDictionary<string, string> extraParams, RawRecordWriter? writer,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal);
        var request = RequestFor(stream, baseUrl, extraParams, paginator.FirstParams, null);
        for (var first = true; request is not null; first = false)
        {
            var (records, next) = await FetchAsync(stream, paginator, request, first, writer, cancellationToken);
            (request, var repeated) = NextRequest(stream, baseUrl, extraParams, tokens, next);
            yield return new PageInTurn(records, repeated);
        }
    }

    /// <summary>
    /// <paramref name="pages"/> read by a loop of their own into a channel of <see cref="PagesWaiting"/>. Its continuations
    /// run on the thread pool (the channel's default), so the caller works through the pages there, never on the thread
    /// that polls the sockets (see InlineCompletions): there, a reader of stdout that stops for longer than
    /// request_timeout would hold up the page read ahead until it timed out.
    /// </summary>
    private static async IAsyncEnumerable<PageInTurn> ReadAheadAsync(IAsyncEnumerable<PageInTurn> pages, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var waiting = Channel.CreateBounded<PageInTurn>(new BoundedChannelOptions(PagesWaiting) { SingleReader = true, SingleWriter = true });
        var reading = ReadIntoAsync(pages, waiting.Writer, stop.Token);
        try
        {
            while (await waiting.Reader.WaitToReadAsync(CancellationToken.None))
            {
                while (waiting.Reader.TryRead(out var page))
                {
                    yield return page;
                }
            }
            await reading; // its failure, after every page read before it
        }
        finally
        {
            // The caller stopped early or failed: pages read ahead are not part of the stream.
            await stop.CancelAsync();
            await reading.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Writes <paramref name="pages"/> into <paramref name="waiting"/>, then completes it (failed or not).</summary>
    private static async Task ReadIntoAsync(IAsyncEnumerable<PageInTurn> pages, ChannelWriter<PageInTurn> waiting, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var page in pages.WithCancellation(cancellationToken))
            {
                await waiting.WriteAsync(page, cancellationToken);
            }
        }
        finally
        {
            waiting.TryComplete();
        }
    }

    /// <summary>The request for the page after one whose paginator gave <paramref name="next"/>: null after the last page,
    /// or with the error to raise after this page when the API gave its token before.</summary>
    private static (PageRequest? Request, SingerException? Repeated) NextRequest(
        StreamSettings stream, string baseUrl, IReadOnlyDictionary<string, string> extraParams, HashSet<string> tokens, NextPage? next)
    {
        if (next is null)
        {
            return (null, null);
        }
        if (!tokens.Add(next.Token))
        {
            var token = next.Url is { } again ? UrlMasker.Mask(again) : next.Token;
            return (null, new SingerException($"stream '{stream.Name}': the API gave the next-page token '{token}' a second time; stopping instead of reading the same pages forever"));
        }
        // A next URL from the API (a link, a HATEOAS body) is followed as given; params in a body go along with it.
        return (RequestFor(stream, baseUrl, extraParams, next.Params, next.Url), null);
    }

    /// <summary>A page's records and, unless it is the last, the paginator's next request (the paginator is only ever used by one fetch at a time).</summary>
    private async Task<(IReadOnlyList<Dictionary<string, object?>> Records, NextPage? Next)> FetchAsync(
        StreamSettings stream, IPaginator paginator, PageRequest request, bool first, RawRecordWriter? writer, CancellationToken cancellationToken)
    {
        var response = await client.SendAsync(stream.HttpMethod, request.Url, stream.Headers, request.Body, stream.Name, cancellationToken);
        var (body, records) = Read(_json, response, stream, request.Url, first, writer);
        return (records, records.Count == 0 ? null : paginator.Next(response, body, records.Count));
    }

    /// <summary>
    /// A page's body and records. Records at a plain path ending in [*] are left as bytes when the body allows it
    /// (<see cref="ResponseBody.ParseAroundRecords"/>); otherwise, or for any error, the whole body is parsed.
    /// </summary>
    private (ResponseBody Body, IReadOnlyList<Dictionary<string, object?>> Records) Read(
        JsonBodyReader json, ApiResponse response, StreamSettings stream, Uri url, bool firstPage, RawRecordWriter? writer)
    {
        if (recordsAsBytes && PlainPath.TryParse(stream.RecordsPath) is { } path
            && ResponseBody.ParseAroundRecords(json, response.Body, path, _recordJson, Where(stream, url), scan: writer is not null, maxUncheckedList) is { } raw)
        {
            if (writer is not null)
            {
                // Should the records not read from bytes, they are the whole body's parse (a reader of its own: this one may be parsing the next page).
                raw.Records.LeaveForWriter(() => Records(ResponseBody.Parse(new JsonBodyReader(), response.Body, Where(stream, url)), stream, firstPage));
            }
            return raw;
        }
        var body = ResponseBody.Parse(json, response.Body, Where(stream, url));
        return (body, Records(body, stream, firstPage));
    }

    private static string Where(StreamSettings stream, Uri url) => $"stream '{stream.Name}': {stream.HttpMethod} {UrlMasker.Mask(url)}";

    private static List<Dictionary<string, object?>> Records(ResponseBody body, StreamSettings stream, bool firstPage)
    {
        var matches = SingleObject(body, stream.RecordsPath) is { } single ? [single] : body.Select(stream.RecordsPath);
        if (matches.Count == 0 && firstPage && !IsEmptyList(body, stream.RecordsPath))
        {
            throw new SingerException($"stream '{stream.Name}': records_path '{stream.RecordsPath}' matches nothing in the first page, whose body is {ResponseBody.Describe(body.Value)}");
        }
        var records = new List<Dictionary<string, object?>>(matches.Count);
        foreach (var match in matches)
        {
            records.Add(match as Dictionary<string, object?>
                ?? throw new SingerException($"stream '{stream.Name}': records_path '{stream.RecordsPath}' matched {ResponseBody.Describe(match)}, not an object; point it at the records themselves"));
        }
        return records;
    }

    /// <summary>
    /// A path ending in [*] over an object (not a list): the object is the one record, as Python's jsonpath-ng (and so
    /// theirs) reads a wildcard over a non-list, where Newtonsoft.Json would yield the object's property values. This
    /// is how <c>GET /v1.0/me</c> with the default <c>$[*]</c> gives one record.
    /// </summary>
    private static Dictionary<string, object?>? SingleObject(ResponseBody body, string path) =>
        path.EndsWith("[*]", StringComparison.Ordinal) && body.First(ListPath(path)) is Dictionary<string, object?> record ? record : null;

    /// <summary>A path ending in [*] over a list that is there but empty: a page without records, not a wrong path.</summary>
    private static bool IsEmptyList(ResponseBody body, string path) =>
        path.EndsWith("[*]", StringComparison.Ordinal) && body.First(ListPath(path)) is List<object?> { Count: 0 };

    /// <summary>The path of the list a path ending in [*] reads.</summary>
    private static string ListPath(string path) => path[..^3] is "" or "$" ? "$" : path[..^3];

    private static Uri WithQuery(string baseUrl, params IReadOnlyDictionary<string, string>[] layers)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            foreach (var (key, value) in layer)
            {
                merged[key] = value;
            }
        }
        var text = new StringBuilder(baseUrl);
        var separator = baseUrl.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (key, value) in merged)
        {
            text.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return Uri.TryCreate(text.ToString(), UriKind.Absolute, out var url)
            ? url
            : throw new ConfigurationException($"'{baseUrl}' is not an absolute URL (check api_url and the stream's path)");
    }
}
