using System.Security.Cryptography;
using System.Text;

namespace TapRest.Tests;

/// <summary>
/// Stream maps in tap-rest itself: bin/tap-rest is native code (PublishAot), where anything found by reflection and
/// trimmed away would fail only at run time, so the map expressions are run through the published executable here.
/// </summary>
public sealed class StreamMapsTests
{
    private const string Body = """[{"id": 1, "email": "a@x.io", "amount": 2.50, "note": "n"}, {"id": 2, "email": "b@x.io", "amount": 0.10, "note": "m"}]""";

    private static async Task<ProcessResult> RunAsync(string maps)
    {
        await using var api = await TestApi.StartAsync(context => TestApi.Json(context, Body));
        return await TapRun.RunAsync(
            $$$"""{"api_url": "{{{api.Url}}}", "streams": [{"name": "orders", "path": "/o", "primary_keys": ["id"]}], "stream_maps": {{{maps}}}, "stream_map_config": {"salt": "pepper"}}""");
    }

    [Fact]
    public async Task Maps_HashFilterDropAlias_AppliedToRecordsAndSchema()
    {
        var result = await RunAsync("""{"orders": {"__alias__": "paid", "__filter__": "record['amount'] > 1", "email_hash": "sha256(email + config['salt'])", "cents": "amount * 100", "email": null, "note": null}}""");

        result.ExitCode.Should().Be(0, result.Stderr);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("a@x.iopepper")));
        TapRun.Records(result.Stdout).Should().Equal(
            $$$"""{"type":"RECORD","stream":"paid","record":{"id":1,"amount":2.50,"email_hash":"{{{hash}}}","cents":250.00}}""");
        var schema = TapRun.Json(TapRun.Schemas(result.Stdout).Single());
        schema["stream"]!.GetValue<string>().Should().Be("paid");
        schema["schema"]!["properties"]!.AsObject().Select(p => p.Key).Should().Equal("id", "amount", "email_hash", "cents");
    }

    [Fact]
    public async Task Maps_BadExpression_OneLineNamingStreamAndProperty()
    {
        var result = await RunAsync("""{"orders": {"x": "amount +* 2"}}""");

        result.ExitCode.Should().NotBe(0);
        var critical = TapRun.Critical(result.Stderr);
        critical.Should().Contain("orders").And.Contain("'x'");
        TapRun.Records(result.Stdout).Should().BeEmpty();
    }
}
