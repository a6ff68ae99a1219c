namespace Secrets.Tests;

/// <summary>
/// target-redshift against PostgreSQL standing in for the cluster (a role with a probe password) and s3rver for staging
/// (a probe secret key): the COPY that carries the S3 credentials fails on PostgreSQL, so this is a failure after the
/// secrets were used in SQL — none may be shown.
/// </summary>
public sealed class TargetRedshiftSecretTests : IAsyncLifetime, IDisposable
{
    private readonly SecretScan _scan = new();
    private PostgresRole _role = null!;
    private S3TestBucket _bucket = null!;

    public async Task InitializeAsync()
    {
        _role = await PostgresRole.CreateAsync(_scan);
        _bucket = await S3TestBucket.CreateAsync("secrs");
    }

    public async Task DisposeAsync()
    {
        await _bucket.DisposeAsync();
        await _role.DisposeAsync();
    }

    public void Dispose() => _scan.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Load_CopyRefusedByTheServer_FailsWithoutShowingAnySecret(bool verbose)
    {
        var config = Config(ServiceEnvironment.PgPort);

        var run = await Executable.RunAsync("target-redshift", verbose ? ["--config", config, "--verbose"] : ["--config", config], SecretScan.OrdersInput);

        run.ExitCode.Should().NotBe(0);
        _scan.AssertClean(run, "COPY refused");
    }

    [Fact]
    public async Task Load_NothingListening_FailsWithoutShowingAnySecret()
    {
        var run = await Executable.RunAsync("target-redshift", ["--config", Config(port: 1), "--verbose"], SecretScan.OrdersInput);

        run.ExitCode.Should().NotBe(0);
        _scan.AssertClean(run, "connection refused");
    }

    [Fact]
    public async Task About_WithTheConfig_ShowsNoSecret()
    {
        var run = await Executable.RunAsync("target-redshift", ["--about", "--format", "json", "--config", Config(ServiceEnvironment.PgPort)]);

        run.ExitCode.Should().Be(0, run.Stderr);
        _scan.AssertClean(run, "--about");
    }

    private string Config(int port) => _scan.Config($"rs-{Guid.NewGuid():N}.json", new JsonObject
    {
        ["host"] = ServiceEnvironment.PgHost,
        ["port"] = port,
        ["user"] = _role.Name,
        ["password"] = _role.Password,
        ["dbname"] = ServiceEnvironment.PgDatabase,
        ["default_target_schema"] = _role.Schema,
        ["s3_bucket"] = _bucket.Name,
        ["s3_endpoint_url"] = ServiceEnvironment.S3Endpoint,
        ["s3_region"] = "us-east-1",
        ["aws_access_key_id"] = ServiceEnvironment.S3AccessKey,
        ["aws_secret_access_key"] = _scan.New("rssecret"),
        ["aws_session_token"] = _scan.New("rstoken"),
        ["connect_timeout"] = 5,
    });
}
