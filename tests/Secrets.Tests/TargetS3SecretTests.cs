namespace Secrets.Tests;

/// <summary>target-s3 with a probe secret key and session token (s3rver does not check signatures): a load, read back, and a failure.</summary>
public sealed class TargetS3SecretTests : IAsyncLifetime, IDisposable
{
    private readonly SecretScan _scan = new();
    private S3TestBucket _bucket = null!;

    public async Task InitializeAsync() => _bucket = await S3TestBucket.CreateAsync("sec");

    public async Task DisposeAsync()
    {
        await _bucket.DisposeAsync();
    }

    public void Dispose() => _scan.Dispose();

    [Fact]
    public async Task Load_SecretKeyAndTokenInConfig_NeverInOutputLogsOrObjects()
    {
        var run = await Executable.RunAsync("target-s3", ["--config", Config(_bucket.Name), "--verbose"], SecretScan.OrdersInput);

        run.ExitCode.Should().Be(0, run.Stderr);
        _scan.AssertClean(run, "load");
        var keys = await _bucket.KeysAsync();
        keys.Should().NotBeEmpty();
        foreach (var key in keys)
        {
            _scan.AssertClean(await _bucket.TextAsync(key), $"object {key}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Load_BucketMissing_FailsWithoutShowingTheSecrets(bool verbose)
    {
        var config = Config("no-such-bucket-" + Guid.NewGuid().ToString("N")[..12]);

        var run = await Executable.RunAsync("target-s3", verbose ? ["--config", config, "--verbose"] : ["--config", config], SecretScan.OrdersInput);

        run.ExitCode.Should().NotBe(0);
        _scan.AssertClean(run, "missing bucket");
    }

    [Fact]
    public async Task About_WithTheConfig_ShowsNoSecret()
    {
        var run = await Executable.RunAsync("target-s3", ["--about", "--config", Config(_bucket.Name)]);

        run.ExitCode.Should().Be(0, run.Stderr);
        _scan.AssertClean(run, "--about");
    }

    private string Config(string bucket) => _scan.Config($"s3-{Guid.NewGuid():N}.json", new JsonObject
    {
        ["s3_bucket"] = bucket,
        ["endpoint_url"] = ServiceEnvironment.S3Endpoint,
        ["aws_access_key_id"] = ServiceEnvironment.S3AccessKey,
        ["aws_secret_access_key"] = _scan.New("s3secret"),
        ["aws_session_token"] = _scan.New("s3token"),
        ["region"] = "us-east-1",
    });
}
