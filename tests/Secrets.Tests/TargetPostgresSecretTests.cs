namespace Secrets.Tests;

/// <summary>target-postgres as a role of its own whose password is a probe secret: a load, and failures before and after connecting.</summary>
public sealed class TargetPostgresSecretTests : IAsyncLifetime, IDisposable
{
    private readonly SecretScan _scan = new();
    private PostgresRole _role = null!;

    public async Task InitializeAsync() => _role = await PostgresRole.CreateAsync(_scan);

    public async Task DisposeAsync()
    {
        await _role.DisposeAsync();
    }

    public void Dispose() => _scan.Dispose();

    [Fact]
    public async Task Load_PasswordInConfig_NeverInOutputOrLogs()
    {
        var run = await Executable.RunAsync("target-postgres", ["--config", Config(_role.Password), "--verbose"], SecretScan.OrdersInput);

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().Contain("\"bookmarks\"");
        _scan.AssertClean(run, "load");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Load_WrongPassword_FailsWithoutShowingItOrTheRightOne(bool verbose)
    {
        var config = Config(_scan.New("wrongpw"));

        var run = await Executable.RunAsync("target-postgres", verbose ? ["--config", config, "--verbose"] : ["--config", config], SecretScan.OrdersInput);

        run.ExitCode.Should().NotBe(0);
        _scan.AssertClean(run, "wrong password");
    }

    [Fact]
    public async Task Load_BadRecordAfterConnecting_FailsWithoutShowingThePassword()
    {
        var input = SecretScan.OrdersInput + """{"type":"RECORD","stream":"orders","record":{"id":"not a number"}}""" + "\n";

        var run = await Executable.RunAsync("target-postgres", ["--config", Config(_role.Password), "--verbose"], input);

        run.ExitCode.Should().NotBe(0);
        run.Stderr.Should().Contain("line 4");
        _scan.AssertClean(run, "bad record");
    }

    [Fact]
    public async Task Load_NothingListening_FailsWithoutShowingThePassword()
    {
        var run = await Executable.RunAsync("target-postgres", ["--config", Config(_role.Password, port: 1), "--verbose"], SecretScan.OrdersInput);

        run.ExitCode.Should().NotBe(0);
        _scan.AssertClean(run, "connection refused");
    }

    [Fact]
    public async Task About_WithTheConfig_ShowsNoSecret()
    {
        var run = await Executable.RunAsync("target-postgres", ["--about", "--format", "json", "--config", Config(_role.Password)]);

        run.ExitCode.Should().Be(0, run.Stderr);
        _scan.AssertClean(run, "--about");
    }

    private string Config(string password, int? port = null) => _scan.Config($"pg-{Guid.NewGuid():N}.json", new JsonObject
    {
        ["host"] = ServiceEnvironment.PgHost,
        ["port"] = port ?? ServiceEnvironment.PgPort,
        ["user"] = _role.Name,
        ["password"] = password,
        ["dbname"] = ServiceEnvironment.PgDatabase,
        ["default_target_schema"] = _role.Schema,
        ["connect_timeout"] = 5,
    });
}
