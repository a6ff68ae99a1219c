using System.Diagnostics;

namespace TapRest.Tests;

public sealed class EnvironmentConfigTests
{
    private static async Task<ProcessResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = Executable.StartInfo("tap-rest");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task ConfigEnv_OwnAndMsdkPrefixes_OwnWins_JsonForListsAndObjects()
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, """{"rows": [{"id": 1}]}"""));

        var result = await RunAsync(new Dictionary<string, string>
        {
            ["TAP_REST_API_MSDK_API_URL"] = "http://127.0.0.1:9",
            ["TAP_REST_API_URL"] = api.Url,
            ["TAP_REST_API_MSDK_RECORDS_PATH"] = "$.rows[*]",
            ["TAP_REST_API_MSDK_STREAMS"] = """[{"name": "env", "path": "/e"}]""",
            ["TAP_REST_PARAMS"] = """{"from": "env"}""",
        }, "--config", "ENV");

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal("""{"type":"RECORD","stream":"env","record":{"id":1}}""");
        api.Requests.Last().PathAndQuery.Should().Be("/e?from=env");
    }

    [Fact]
    public async Task ConfigEnv_ListNotJson_ExitsTwoNamingTheVariable()
    {
        var result = await RunAsync(new Dictionary<string, string>
        {
            ["TAP_REST_API_URL"] = "http://127.0.0.1:9",
            ["TAP_REST_STREAMS"] = """{"name": "x"}""",
        }, "--config", "ENV");

        result.ExitCode.Should().Be(2);
        TapRun.Critical(result.Stderr).Should().Be("CRITICAL environment variable TAP_REST_STREAMS must be a JSON array");
    }
}
