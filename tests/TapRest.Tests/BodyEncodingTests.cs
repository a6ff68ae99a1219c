namespace TapRest.Tests;

/// <summary>Bodies are read as bytes: a declared charset, a byte order mark and bad UTF-8 read as a text decoder reads them.</summary>
public sealed class BodyEncodingTests
{
    [Fact]
    public async Task Body_Latin1Charset_DecodedAsDeclared()
    {
        await using var api = await TestApi.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json; charset=iso-8859-1; q=1";
            await context.Response.Body.WriteAsync(System.Text.Encoding.Latin1.GetBytes("""[{"id": 1, "name": "café"}]"""));
        });

        var result = await TapRun.RunAsync($$"""{"api_url": "{{api.Url}}", "streams": [{"name": "s", "path": "/s"}]}""");

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Single().Should().Be("""{"type":"RECORD","stream":"s","record":{"id":1,"name":"café"}}""");
    }

    [Fact]
    public async Task Body_InvalidUtf8AndByteOrderMark_ReadAsTextWithReplacement()
    {
        await using var api = await TestApi.StartAsync(async context =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync((byte[])[0xEF, 0xBB, 0xBF, .. "[{\"id\": 1, \"name\": \"a"u8, 0xFF, .. "b\"}]"u8]);
        });

        var result = await TapRun.RunAsync($$"""{"api_url": "{{api.Url}}", "streams": [{"name": "s", "path": "/s"}]}""");

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Single().Should().Be("""{"type":"RECORD","stream":"s","record":{"id":1,"name":"a�b"}}""");
    }
}
