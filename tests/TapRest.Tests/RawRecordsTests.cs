using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Singer.Sdk;
using TapRest.Auth;
using TapRest.Http;
using TapRest.Streams;

namespace TapRest.Tests;

/// <summary>
/// Records written straight from a page's bytes (<see cref="RawRecordWriter"/>) against records parsed, flattened and
/// written as values: the same stream of lines, byte for byte, over pages that vary in every way the two could differ.
/// </summary>
public sealed class RawRecordsTests
{
    private const int Pages = 12;

    [Theory]
    [InlineData(1, "", RawRecords.MaxUncheckedList)]
    [InlineData(2, "", RawRecords.MaxUncheckedList)]
    [InlineData(3, """, "except_keys": ["obj_b", "when"]""", RawRecords.MaxUncheckedList)]
    // Every page as a page too large to leave unchecked is read: checked while found, read a slice at a time.
    [InlineData(4, "", 0)]
    [InlineData(5, """, "except_keys": ["obj_b", "when"]""", 0)]
    public async Task RandomPages_FromBytes_SameLinesAsParsed_EveryRecordFromBytes(int seed, string streamExtra, int maxUnchecked)
    {
        var pages = Enumerable.Range(1, Pages).Select(page => RandomPage(new Random(seed * 1000 + page), page)).ToArray();
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, pages[PageIndex(context)]));

        var (parsed, _) = await SyncAsync(api.Url, streamExtra, recordsAsBytes: false);
        var (fromBytes, count) = await SyncAsync(api.Url, streamExtra, recordsAsBytes: true, maxUnchecked: maxUnchecked);

        fromBytes.Should().Be(parsed);
        var records = TapRun.Records(parsed).Length;
        records.Should().Be(Pages * 20);
        count.Should().Be(records);
    }

    [Fact]
    public async Task UsualPages_FromBytes_ReadByHand_SameLinesAsParsed()
    {
        var pages = Enumerable.Range(1, Pages).Select(page =>
            $$"""{"data": [{{string.Join(", ", Enumerable.Range(0, 50).Select(i =>
                $$$"""{"id": {{{page * 100 + i}}}, "name": "n{{{i}}}", "price": {{{i}}}.50, "ok": {{{(i % 2 == 0 ? "true" : "false")}}}, "tags": ["a", "b"], "at": {"x": null, "y": -{{{i}}}}}"""))}}], "hasMore": {{(page < Pages ? "true" : "false")}}}""").ToArray();
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, pages[PageIndex(context)]));
        var byHand = new StrongBox<long>();

        var (parsed, _) = await SyncAsync(api.Url, "", recordsAsBytes: false);
        var (fromBytes, count) = await SyncAsync(api.Url, "", recordsAsBytes: true, byHand: byHand);

        fromBytes.Should().Be(parsed);
        TapRun.Records(parsed)[1].Should().Be("""{"type":"RECORD","stream":"s","record":{"id":101,"name":"n1","price":1.50,"ok":false,"tags":"[\"a\", \"b\"]","at_x":null,"at_y":-1}}""");
        count.Should().Be(Pages * 50);
        byHand.Value.Should().Be(Pages * 50);
    }

    [Fact]
    public async Task EdgeRecords_FromBytes_SameLinesAsParsed_OrdinaryPathWhereNeeded()
    {
        string[] pages =
        [
            // A name given twice (a parse keeps the last value): that record goes the ordinary way.
            """{"data": [{"id": 1, "n": 5}, {"id": 2, "n": 6, "n": 7}, {"id": 3, "n": 8, "late": "x"}], "hasMore": true}""",
            // A number with an exponent: the whole page is parsed.
            """{"data": [{"id": 4, "n": 1e3}, {"id": 5, "n": 2}], "hasMore": true}""",
            // An empty list (and a list of the same name deeper down): no records, the stream ends.
            """{"hasMore": true, "data": [], "more": {"data": [{"id": 9}]}}""",
        ];
        string[] afterWidening =
        [
            """{"data": [{"id": 6, "n": 1}, {"id": 7, "n": "seven"}, {"id": 8, "n": 2.5}], "hasMore": false}""",
        ];
        var all = pages[..2].Concat(afterWidening).ToArray();
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, all[PageIndex(context)]));

        var (parsed, _) = await SyncAsync(api.Url, "", recordsAsBytes: false);
        var (fromBytes, count) = await SyncAsync(api.Url, "", recordsAsBytes: true);

        fromBytes.Should().Be(parsed);
        TapRun.Records(parsed).Should().HaveCount(8);
        // From bytes: ids 1 and 3 (2 has a name twice), none of page 2 (an exponent), 6 (7 widens n to string, so 7 and 8 are coerced).
        count.Should().Be(3);
        TapRun.Records(parsed)[6..].Should().Equal(
            """{"type":"RECORD","stream":"s","record":{"id":7,"n":"seven"}}""",
            """{"type":"RECORD","stream":"s","record":{"id":8,"n":"2.5"}}""");

        await using var empty = await TestApi.StartAsync(context => TestApi.Json(context, pages[2]));
        (await SyncAsync(empty.Url, "", recordsAsBytes: true)).Lines.Should().Be((await SyncAsync(empty.Url, "", recordsAsBytes: false)).Lines);
    }

    [Fact]
    public async Task LoneSurrogateEscape_FailsThePageBeforeAnyOfItsRecords_AsParsing()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """{"data": [{"id": 1}, {"id": 2, "s": "\ud800"}], "hasMore": false}"""));

        var parsed = await OutcomeAsync(api.Url, recordsAsBytes: false);
        var fromBytes = await OutcomeAsync(api.Url, recordsAsBytes: true);

        fromBytes.Should().Be(parsed);
        parsed.Should().StartWith("InvalidOperationException: ").And.EndWith(
            " after:\n" + """{"type":"SCHEMA","stream":"s","schema":{"type":"object","properties":{}},"key_properties":[]}""" + "\n");
    }

    [Theory]
    // Brackets, braces and escaped quotes inside strings and names: the records are found by their structure all the same.
    [InlineData("""{"data": [{"id": 1, "s": "}]{[\"\\", "n}": {"x": "]"}}, {"id": 2, "s": "a\\", "t": ["]", "{"]},], "hasMore": false}""", 2, "\"t\":\"[\\\"]\\\", \\\"{\\\"]\"")]
    // A comment between records: found by reading the whole body instead.
    [InlineData("""{"data": [{"id": 1}, /* } */ {"id": 2}], "hasMore": false}""", 2, "{\"id\":2}")]
    // Not JSON inside a record, a bracket that closes the wrong thing, a list cut short: the error of a parse of the page.
    [InlineData("""{"data": [{"id": 1}, {"id": 2, "x": tru}], "hasMore": false}""", 0, "returned a body that is not JSON")]
    [InlineData("""{"data": [{"id": 1, "x": [1}, {"id": 2}], "hasMore": false}""", 0, "returned a body that is not JSON")]
    [InlineData("""{"data": [{"id": 1}, {"id": 2}""", 0, "returned a body that is not JSON")]
    [InlineData("""{"data": [{"id": 1} {"id": 2}], "hasMore": false}""", 0, "returned a body that is not JSON")]
    [InlineData("""{"data": [{"id": 1}, 2], "hasMore": false}""", 0, "matched a integer, not an object")]
    // A name given twice on the way to the records, after them: the parse keeps the last list.
    [InlineData("""{"data": [{"id": 1}], "hasMore": false, "data": [{"id": 7}, {"id": 8}]}""", 0, "{\"id\":7}}\n{\"type\":\"RECORD\",\"stream\":\"s\",\"record\":{\"id\":8}}")]
    public async Task OddPages_FromBytes_SameOutcomeAsParsed(string page, int fromBytes, string expected)
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, page));

        var parsed = await SameOutcomeEveryWayAsync(api.Url);
        parsed.Should().Contain(expected);
        if (fromBytes > 0)
        {
            var (_, count) = await SyncAsync(api.Url, "", recordsAsBytes: true);
            count.Should().Be(fromBytes);
        }
    }

    [Theory]
    // The next-page token read from inside the records (a JSONPath that is not plain parses the whole body) ...
    [InlineData("""{"data": [{"id": 1, "next": "2"}, {"id": 2, "x": tru}]}""")]
    // ... and from a plain path into them, on a body whose records were found by their brackets only.
    [InlineData("""{"data": [{"id": 1, "x": [1}, {"id": 2}], "next": "2"}""")]
    public async Task NotJson_WhereThePaginatorReadsIntoTheRecords_TheUsualLine(string page)
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, page));
        var tokenPath = page.Contains("\"next\": \"2\"}]", StringComparison.Ordinal) ? "$.data[0].next" : "$.next";

        var result = await TapRun.RunAsync(
            $$"""{"api_url": "{{api.Url}}", "next_page_token_path": "{{tokenPath}}", "streams": [{"name": "s", "path": "/s", "records_path": "$.data[*]"}]}""");

        result.ExitCode.Should().Be(1);
        TapRun.Critical(result.Stderr).Should().StartWith("CRITICAL stream 's': GET ").And.Contain("/s returned a body that is not JSON (");
        TapRun.Records(result.Stdout).Should().BeEmpty();
    }

    [Theory]
    [InlineData(RawRecords.MaxUncheckedList)]
    [InlineData(0)]
    public async Task APageOfMoreRecordsThanASlice_FromBytes_SameLinesAsParsed(int maxUnchecked)
    {
        // 10,000 records: read in slices of 4,096 when checked first; a name given twice and a widening in later slices.
        var records = Enumerable.Range(1, 10_000).Select(i => i switch
        {
            5000 => """{"id": 5000, "n": 1, "n": 2}""",
            9000 => """{"id": 9000, "n": "nine thousand", "s": "x"}""",
            _ => $$"""{"id": {{i}}, "n": {{i % 7}}, "s": "r{{i}}", "at": "2024-01-02T03:04:05Z"}""",
        });
        var page = """{"data": [""" + string.Join(",\n", records) + """], "hasMore": false}""";
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, page));

        var (parsed, _) = await SyncAsync(api.Url, "", recordsAsBytes: false);
        var (fromBytes, count) = await SyncAsync(api.Url, "", recordsAsBytes: true, maxUnchecked: maxUnchecked);

        fromBytes.Should().Be(parsed);
        TapRun.Records(parsed).Should().HaveCount(10_000);
        count.Should().Be(8998); // all but 5000 (a name twice) and 9000 on, whose widening to string makes them coerced
    }

    [Theory]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    public async Task ARecordNestedToTheDepthLimit_FromBytes_SameOutcomeAsParsed(int bodyDepth)
    {
        // {"data": [{"id": 1, "n": [[...]]}]}: the body's object, the list and the record are 3 levels, the rest lists.
        var nested = new string('[', bodyDepth - 3) + new string(']', bodyDepth - 3);
        var page = $$"""{"data": [{"id": 1}, {"id": 2, "n": {{nested}}}], "hasMore": false}""";
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, page));

        var parsed = await OutcomeAsync(api.Url, recordsAsBytes: false);
        var bytes = await OutcomeAsync(api.Url, recordsAsBytes: true);

        bytes.Should().Be(parsed);
        parsed.Should().Contain(bodyDepth <= 256 ? "{\"id\":2," : "returned a body that is not JSON");
    }

    [Theory]
    // Bytes that are not UTF-8 in a name, in a text value, in a list's text, in a nested name, in a record not first on the page.
    [InlineData("""{"data": [{"id": 1}, {"id": 2, "X": 1}], "hasMore": false}""", "\"id\":2,\"\ufffd\":1")]
    [InlineData("""{"data": [{"id": 1}, {"id": 2, "s": "aXb"}], "hasMore": false}""", "\"s\":\"a\ufffdb\"")]
    [InlineData("""{"data": [{"id": 1}, {"id": 2, "l": ["aX"]}], "hasMore": false}""", "[\\\"a\\\\ufffd\\\"]")]
    [InlineData("""{"data": [{"id": 1}, {"id": 2, "o": {"X": "y"}}], "hasMore": false}""", "\"o_\ufffd\":\"y\"")]
    public async Task NotUtf8InARecord_FromBytes_SameOutcomeAsParsed(string page, string expected)
    {
        var body = Encoding.UTF8.GetBytes(page);
        body[Array.IndexOf(body, (byte)'X')] = 0xff;
        await using var api = await TestApi.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(body);
        });

        var parsed = await SameOutcomeEveryWayAsync(api.Url);
        // As Python's requests decodes such a body: each bad byte becomes U+FFFD.
        parsed.Should().Contain(expected);
    }

    [Theory]
    [InlineData("""{"data": [{"id": 1, "s": "}]{[\"\\", "n}": {"x": "]"}}, {"id": 2, "s": "a\\", "t": ["]", "{"]},], "hasMore": false}""", 2)]
    [InlineData("""{"meta": {"data": [1]}, "data": [ ], "hasMore": false}""", 0)]
    [InlineData("""[{"a": [{"b": {}}]}, {}]""", 2)]
    [InlineData("""{"data": [{"id": 1}, /* } */ {"id": 2}], "hasMore": false}""", -1)]
    [InlineData("""{"data": [{"id": 1}, 2], "hasMore": false}""", -1)]
    [InlineData("""{"data": [{"id": 1},, {"id": 2}], "hasMore": false}""", -1)]
    [InlineData("""{"data": [{"id": 1}], "hasMore": false, "data": []}""", -1)]
    [InlineData("""{"data": [{"id": "1}""", -1)]
    public void LocateByScan_FindsTheItemsByStructure_OrDeclines(string page, int items)
    {
        var path = Pagination.PlainPath.TryParse(page.StartsWith('[') ? "$[*]" : "$.data[*]")!;
        var utf8 = Encoding.UTF8.GetBytes(page);

        var scanned = RawRecords.LocateByScan(utf8, path);

        if (items < 0)
        {
            scanned.Should().BeNull();
            return;
        }
        scanned.Should().NotBeNull();
        scanned!.Value.Items.Should().Equal(RawRecords.Locate(utf8, path)!.Value.Items);
        scanned.Value.Items.Should().HaveCount(items);
        scanned.Value.List.Should().Be(RawRecords.Locate(utf8, path)!.Value.List);
        scanned.Value.Skeleton.Should().NotBeNull("the scan made it to check the body around the list");
        scanned.Value.SkeletonOf(utf8).Should().Equal(RawRecords.Locate(utf8, path)!.Value.SkeletonOf(utf8));
    }

    /// <summary>The outcome of a parse of each page, after checking that records from bytes (unchecked, checked) end the same.</summary>
    private static async Task<string> SameOutcomeEveryWayAsync(string url)
    {
        var parsed = await OutcomeAsync(url, recordsAsBytes: false);
        (await OutcomeAsync(url, recordsAsBytes: true)).Should().Be(parsed);
        (await OutcomeAsync(url, recordsAsBytes: true, maxUnchecked: 0)).Should().Be(parsed, "records checked while found end the same");
        return parsed;
    }

    /// <summary>The exception a sync ended with, and the lines it wrote before (or the lines of a sync that ended well).</summary>
    private static async Task<string> OutcomeAsync(string url, bool recordsAsBytes, int maxUnchecked = RawRecords.MaxUncheckedList)
    {
        var output = new MemoryStream();
        try
        {
            return (await SyncAsync(url, "", recordsAsBytes, output, maxUnchecked)).Lines;
        }
        catch (Exception ex)
        {
            return $"{ex.GetType().Name}: {ex.Message} after:\n{Encoding.UTF8.GetString(output.ToArray())}";
        }
    }

    private static int PageIndex(Microsoft.AspNetCore.Http.HttpContext context) =>
        context.Request.Query["page"].ToString() is { Length: > 0 } page ? int.Parse(page, CultureInfo.InvariantCulture) - 1 : 0;

    /// <summary>One stream synced in this process, its lines and how many records went from bytes to lines.</summary>
    private static async Task<(string Lines, long FromBytes)> SyncAsync(
        string url, string streamExtra, bool recordsAsBytes, MemoryStream? into = null, int maxUnchecked = RawRecords.MaxUncheckedList,
        StrongBox<long>? byHand = null)
    {
        var config = new PluginConfig((Dictionary<string, object?>)SingerJson.Parse(
            $$"""{"api_url": "{{url}}", "pagination_request_style": "page_number_paginator", "streams": [{"name": "s", "path": "/s", "records_path": "$.data[*]"{{streamExtra}}}]}""")!);
        var stream = StreamSettings.ReadAll(config).Single();
        using var client = new ApiClient(HttpSettings.Read(config), AuthFactory.Create(config), url);
        var pages = new PageReader(client, config, url, recordsAsBytes: recordsAsBytes, maxUncheckedList: maxUnchecked);
        var output = into ?? new MemoryStream();
        long fromBytes;
        await using (var writer = new SingerWriter(output))
        {
            var schema = new Dictionary<string, object?> { ["type"] = "object", ["properties"] = new Dictionary<string, object?>() };
            using var sync = new StreamSync(pages, writer, new CatalogEntry("s", "s", schema), stream, new RecordFlattener("s", true, stream.ExceptKeys, false));
            await sync.RunAsync(new SingerState(), null, null, CancellationToken.None);
            fromBytes = sync.RecordsFromBytes;
            byHand?.Value = sync.RecordsByHand;
        }
        return (Encoding.UTF8.GetString(output.ToArray()), fromBytes);
    }

    /// <summary>
    /// 20 records in random key order and spacing, with comments and a trailing comma now and then: integers of every
    /// size, decimals (trailing zeros, beyond decimal), strings with escapes, non-ASCII, HTML characters, date-times
    /// valid and not, booleans, nulls, nested and empty objects, names with '-', '.', escapes and non-ASCII, lists of
    /// anything; a field seen only from page 5, fields that are sometimes missing or null, integer widened to number.
    /// </summary>
    private static string RandomPage(Random random, int page)
    {
        string Pick(params string[] choices) => choices[random.Next(choices.Length)];
        string Space() => Pick("", " ", "\n  ", "\t");
        var records = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            var fields = new List<string>
            {
                $"\"id\": {page * 100 + i}",
                "\"big\": " + Pick("0", "-0", "-17", "9223372036854775807", "-9223372036854775808", "9223372036854775808", "123456789012345678901234567890"),
                "\"dec\": " + Pick("1.50", "0.1", "-2.000", "3", "12345678901234567890.123456789", "1.2345678901234567890123456789012345", "0.0", "-0.0", "-12.5", "79228162514264337593543950335.5", "0.0000000000000000000000000001"),
                "\"s\": " + Pick("\"plain\"", "\"\"", "\"q\\\"b\\\\s\\n\\t\\u00e9\\ud83d\\ude00\"", "\"é✓😀 raw\"", "\"<a href='x'>&+</a>\"", "\"\\/slash\"", "\"del\u007f\""),
                "\"when\": " + Pick("\"2024-01-02T03:04:05Z\"", "\"2024-01-02T03:04:05.123456+01:00\"", "\"2024-13-02T03:04:05Z\"", "\"2024-01-02T03:04:05\\u005a\"", "\"not a date at all here\"", "null",
                    "\"2024-02-29T00:00:00.1234567-13:59\"", "\"2023-02-29T00:00:00Z\"", "\"2024-01-02T03:04:05.12345678Z\"", "\"9999-12-31T23:59:59-01:00\""),
                "\"flag\": " + Pick("true", "false", "null"),
                "\"obj\": " + Pick("{}", "null", "{\"b\": {\"c\": 1, \"d-e\": \"x\"}, \"f.g\": 2.5, \"h\": {}}", "{\"b\": {\"c\": 2}, \"l\": [1, {\"k\": 1.50}]}"),
                "\"list\": " + Pick("[]", "[1, \"a\", {\"k\": 2.50}, [], null, \"é\", true, -0.5]", "[\"2024-01-02T03:04:05Z\"]", "null",
                    "[\"t1\", \"priority\"]", "[1, -0, 22, true, null]", "[\"del\u007f\", \"q\\\"\"]", "[[1], 2]", "[123456789012345678901234567890, -5]", "[\"é\"]"),
                "\"dash-name\": " + Pick("1", "2"),
                "\"esc\\u0061ped\": " + Pick("\"e\"", "\"f\""),
                "\"ünï\": " + Pick("\"u\"", "\"v\""),
            };
            if (page >= 5)
            {
                fields.Add("\"late\": " + Pick("\"l\"", "null"));
            }
            fields.RemoveAt(1 + random.Next(fields.Count - 1));
            var shuffled = fields.OrderBy(_ => random.Next()).Select(field => Space() + field.Replace(": ", ":" + Space(), StringComparison.Ordinal));
            records.Add("{" + string.Join(",", shuffled) + Space() + "}");
        }
        var comment = random.Next(3) == 0 ? "/* a comment */" : "";
        var trailing = random.Next(3) == 0 ? "," : "";
        return $$"""{"meta": {"page": {{page}}, "data": [1]}, "data": [{{comment}}{{string.Join("," + Space(), records)}}{{trailing}}], "hasMore": {{(page < Pages ? "true" : "false")}}}""";
    }
}
