using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace TapRest.Tests;

/// <summary>
/// A real HTTP server on loopback inside the test process (a minimal Kestrel app): each test answers requests with its
/// own handler and can read back what the tap sent (path with query, headers).
/// </summary>
public sealed class TestApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestApi(WebApplication app, Func<HttpContext, Task> handler)
    {
        _app = app;
        app.Run(async context =>
        {
            Requests.Enqueue(new SeenRequest(context.Request.Path + context.Request.QueryString,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
            await handler(context);
        });
    }

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public string Url => _app.Urls.First();

    public static async Task<TestApi> StartAsync(Func<HttpContext, Task> handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var api = new TestApi(builder.Build(), handler);
        await api._app.StartAsync();
        return api;
    }

    /// <summary>Answers with a JSON body (and optional headers).</summary>
    public static async Task Json(HttpContext context, string body, int status = 200, params (string Name, string Value)[] headers)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        foreach (var (name, value) in headers)
        {
            context.Response.Headers.Append(name, value);
        }
        await context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(stop.Token);
        await _app.DisposeAsync();
    }
}

public sealed record SeenRequest(string PathAndQuery, IReadOnlyDictionary<string, string> Headers);
