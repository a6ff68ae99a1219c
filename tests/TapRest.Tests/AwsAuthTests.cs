using System.Collections.Concurrent;
using System.Diagnostics;

namespace TapRest.Tests;

/// <summary>auth_method aws: SigV4 signatures checked against an independent computation, with AWS's own test vector.</summary>
public sealed class AwsAuthTests
{
    private const string KeyId = "AKIDEXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    /// <summary>What the server saw: method, path, raw query, Host, the x-amz headers, Authorization and the body's hash.</summary>
    private sealed record Seen(string Method, string Path, string Query, string Host, IReadOnlyDictionary<string, string> Headers, string BodyHash);

    private static async Task<TestApi> StartAsync(ConcurrentQueue<Seen> seen) => await TestApi.StartAsync(async context =>
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        seen.Enqueue(new Seen(context.Request.Method, context.Request.Path.Value!, context.Request.QueryString.Value ?? "", context.Request.Host.Value!,
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), SigV4.PayloadHash(buffer.ToArray())));
        await TestApi.Json(context, """{"hits": [{"id": 1}]}""");
    });

    /// <summary>Runs tap-rest with no AWS_* variable from this machine, plus the given ones.</summary>
    private static async Task<ProcessResult> RunAsync(string config, params (string Name, string Value)[] environment)
    {
        var folder = Directory.CreateTempSubdirectory("tap-rest-aws-");
        try
        {
            var path = Path.Combine(folder.FullName, "config.json");
            await File.WriteAllTextAsync(path, config);
            var start = Executable.StartInfo("tap-rest");
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(path);
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
            {
                start.Environment.Remove(name);
            }
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(cancel.Token);
            return new ProcessResult(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string Config(string url, string credentials, string stream = "") => $$"""
        {"api_url": "{{url}}", "auth_method": "aws", "aws_credentials": {{credentials}},
         "streams": [{"name": "docs", "path": "/_search", "records_path": "$.hits[*]", "params": {"z": "1", "q": "a b/c", "a": "é"},
           "schema": {"type": "object", "properties": {"id": {"type": "integer"} } } {{stream}} }]}
        """;

    /// <summary>What AWS's algorithm gives for the request the server received, at the X-Amz-Date it carries.</summary>
    private static string Expected(Seen request, string region, string service, params string[] signedHeaders) =>
        SigV4.Authorization(KeyId, Secret, region, service, request.Headers["x-amz-date"], request.Method, request.Path, request.Query,
            signedHeaders.Select(name => (name, name == "host" ? request.Host : request.Headers[name])).ToList(), request.BodyHash);

    [Fact]
    public void IndependentSigner_ReproducesAwsGetVanillaVector()
    {
        SigV4.Authorization(KeyId, Secret, "us-east-1", "service", "20150830T123600Z", "GET", "/", "",
                [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")],
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            .Should().Be("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
    }

    [Fact]
    public async Task Get_WithQuery_AuthorizationIsAwsSigV4OfTheRequestReceived()
    {
        var seen = new ConcurrentQueue<Seen>();
        await using var api = await StartAsync(seen);

        var result = await RunAsync(Config(api.Url,
            $$"""{"aws_access_key_id": "{{KeyId}}", "aws_secret_access_key": "{{Secret}}", "aws_region": "eu-west-1", "aws_service": "es"}"""));

        result.ExitCode.Should().Be(0, result.Stderr);
        TapRun.Records(result.Stdout).Should().Equal("""{"type":"RECORD","stream":"docs","record":{"id":1}}""");
        var request = seen.Single();
        request.Headers["x-amz-content-sha256"].Should().Be(request.BodyHash);
        request.Headers["authorization"].Should().Be(Expected(request, "eu-west-1", "es", "host", "x-amz-content-sha256", "x-amz-date"));
        result.Stderr.Should().NotContain(Secret);
    }

    [Fact]
    public async Task Post_WithBodyAndSessionToken_SignsBodyHashAndToken()
    {
        var seen = new ConcurrentQueue<Seen>();
        await using var api = await StartAsync(seen);

        var result = await RunAsync(Config(api.Url, $$"""{"aws_region": "us-east-1", "aws_service": "execute-api"}""",
                ", \"http_method\": \"POST\", \"body\": {\"query\": {\"match_all\": {} } }"),
            ("AWS_ACCESS_KEY_ID", KeyId), ("AWS_SECRET_ACCESS_KEY", Secret), ("AWS_SESSION_TOKEN", "session-tok-9"));

        result.ExitCode.Should().Be(0, result.Stderr);
        var request = seen.Single();
        request.Method.Should().Be("POST");
        request.BodyHash.Should().Be(SigV4.PayloadHash("""{"query":{"match_all":{}}}"""u8.ToArray()));
        request.Headers["x-amz-content-sha256"].Should().Be(request.BodyHash);
        request.Headers["x-amz-security-token"].Should().Be("session-tok-9");
        request.Headers["authorization"].Should().Be(
            Expected(request, "us-east-1", "execute-api", "host", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"));
        result.Stderr.Should().NotContain("session-tok-9");
    }

    [Fact]
    public async Task MissingService_IsRefusedWithOneLine()
    {
        var result = await RunAsync(Config("http://127.0.0.1:9",
            $$"""{"aws_access_key_id": "{{KeyId}}", "aws_secret_access_key": "{{Secret}}", "aws_region": "eu-west-1"}"""));

        result.ExitCode.Should().Be(2);
        TapRun.Critical(result.Stderr).Should().Be("CRITICAL auth_method 'aws' needs aws_service (the service code the API signs for, e.g. es for OpenSearch, "
            + "execute-api for API Gateway) in config key 'aws_credentials' (or the AWS_* environment variable of that name)");
    }

    [Fact]
    public async Task NoCredentials_IsRefusedWithOneLine()
    {
        var result = await RunAsync(Config("http://127.0.0.1:9", """{"aws_region": "eu-west-1", "aws_service": "es"}"""));

        result.ExitCode.Should().Be(2);
        TapRun.Critical(result.Stderr).Should().Be("CRITICAL auth_method 'aws' needs aws_access_key_id and aws_secret_access_key, or aws_profile "
            + "in config key 'aws_credentials' (or the AWS_* environment variable of that name)");
    }
}
