using System.Globalization;
using Microsoft.AspNetCore.Http;
using TapRest.Tests;

namespace Reliability.Tests;

/// <summary>
/// The source of the tap-rest pairs: an API on loopback serving 2,000 items in pages of 100, sorted by updated_at and
/// filtered by since (strictly later), read by tap-rest incrementally with a JSON Schema holding an exact decimal.
/// </summary>
public sealed class RestItems : IAsyncDisposable
{
    public const int Items = 2000;
    private const int PageSize = 100;

    private readonly string _directory = Directory.CreateTempSubdirectory("reliability-rest-").FullName;
    private TestApi _api = null!;

    public IReadOnlyList<Row> Rows { get; } = Enumerable.Range(1, Items)
        .Select(id => new Row(id, 1, id * 1234.5678m - 99999.0001m, $"item {id} ✓"))
        .ToList();

    private static string UpdatedAt(long id) => new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(id).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);

    public static async Task<RestItems> StartAsync()
    {
        var items = new RestItems();
        items._api = await TestApi.StartAsync(items.AnswerAsync);
        return items;
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var since = context.Request.Query["since"].ToString();
        var page = int.TryParse(context.Request.Query["page"], out var number) ? number : 1;
        var matching = Rows.Where(r => since.Length == 0 || string.CompareOrdinal(UpdatedAt(r.Id), since) > 0).ToList();
        var records = matching.Skip((page - 1) * PageSize).Take(PageSize).Select(r =>
            $$"""{"id": {{r.Id}}, "rev": {{r.Rev}}, "amount": {{r.Amount.ToString(CultureInfo.InvariantCulture)}}, "note": "{{r.Note}}", "updated_at": "{{UpdatedAt(r.Id)}}Z"}""");
        var next = page * PageSize < matching.Count ? $", \"next_page\": \"{page + 1}\"" : "";
        await TestApi.Json(context, $$"""{"data": [{{string.Join(", ", records)}}]{{next}}}""");
    }

    /// <summary>tap-rest from <paramref name="state"/> (a STATE value a target printed), or from the start.</summary>
    public Command Tap(string? state)
    {
        var config = $$"""
            {"api_url": "{{_api.Url}}", "start_date": "2023-12-01T00:00:00Z", "streams": [{"name": "{{Destination.Table}}", "path": "/items",
              "records_path": "$.data[*]", "primary_keys": ["id"], "replication_key": "updated_at", "source_search_field": "since",
              "source_search_query": "$last_run_date", "is_sorted": true,
              "schema": {"type": "object", "properties": {"id": {"type": "integer"}, "rev": {"type": "integer"},
                "amount": {"type": "number", "multipleOf": 0.0001}, "note": {"type": "string"}, "updated_at": {"type": "string", "format": "date-time"} } } }]}
            """;
        var args = new List<string> { "--config", Write("config.json", config) };
        if (state is not null)
        {
            args.AddRange(["--state", Write($"state-{Guid.NewGuid():N}.json", state)]);
        }
        return new Command("tap-rest", args);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
