using MySqlConnector;

namespace Secrets.Tests;

/// <summary>tap-mysql with a user of its own whose password is a probe secret: discovery, a sync, and failures.</summary>
public sealed class TapMysqlSecretTests : IAsyncLifetime, IDisposable
{
    private readonly SecretScan _scan = new();
    private readonly string _database = "sec_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _user = "sec_" + Guid.NewGuid().ToString("N")[..12];
    private string _password = "";

    public async Task InitializeAsync()
    {
        _password = _scan.New("mysqlpw");
        await AdminAsync(
            $"CREATE DATABASE `{_database}`",
            $"CREATE TABLE `{_database}`.orders (id INT PRIMARY KEY, note VARCHAR(40))",
            $"INSERT INTO `{_database}`.orders VALUES (1, 'first'), (2, 'second')",
            $"CREATE USER '{_user}'@'%' IDENTIFIED BY '{_password}'",
            $"GRANT SELECT ON `{_database}`.* TO '{_user}'@'%'");
    }

    public async Task DisposeAsync()
    {
        await AdminAsync($"DROP DATABASE IF EXISTS `{_database}`", $"DROP USER IF EXISTS '{_user}'@'%'");
    }

    public void Dispose() => _scan.Dispose();

    [Fact]
    public async Task DiscoverAndSync_PasswordInConfig_NeverInOutputLogsOrFiles()
    {
        var config = Config(_password);

        var discovered = await Executable.RunAsync("tap-mysql", ["--config", config, "--discover", "--verbose"]);
        discovered.ExitCode.Should().Be(0, discovered.Stderr);
        _scan.AssertClean(discovered, "discovery");

        var catalog = JsonNode.Parse(discovered.Stdout)!.AsObject();
        foreach (var entry in catalog["streams"]![0]!["metadata"]!.AsArray().Where(e => e!["breadcrumb"]!.AsArray().Count == 0))
        {
            entry!["metadata"]!["selected"] = true;
            entry["metadata"]!["replication-method"] = "FULL_TABLE";
        }
        var catalogPath = _scan.WriteFile("catalog.json", catalog.ToJsonString());
        var synced = await Executable.RunAsync("tap-mysql", ["--config", config, "--catalog", catalogPath, "--verbose"]);

        synced.ExitCode.Should().Be(0, synced.Stderr);
        synced.Stdout.Should().Contain("\"second\"");
        _scan.AssertClean(synced, "sync");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Connect_WrongPassword_FailsWithoutShowingItOrTheRightOne(bool verbose)
    {
        var wrong = _scan.New("wrongpw");
        string[] args = verbose ? ["--config", Config(wrong), "--discover", "--verbose"] : ["--config", Config(wrong), "--discover"];

        var run = await Executable.RunAsync("tap-mysql", args);

        run.ExitCode.Should().NotBe(0);
        run.Stderr.Should().Contain(_user);
        _scan.AssertClean(run, "wrong password");
    }

    [Fact]
    public async Task Connect_NothingListening_FailsWithoutShowingThePassword()
    {
        var run = await Executable.RunAsync("tap-mysql", ["--config", Config(_password, port: 1), "--discover", "--verbose"]);

        run.ExitCode.Should().NotBe(0);
        _scan.AssertClean(run, "connection refused");
    }

    [Fact]
    public async Task About_WithTheConfig_ShowsNoSecret()
    {
        foreach (var format in new[] { "json", "markdown" })
        {
            var run = await Executable.RunAsync("tap-mysql", ["--about", "--format", format, "--config", Config(_password)]);
            run.ExitCode.Should().Be(0, run.Stderr);
            _scan.AssertClean(run, $"--about --format {format}");
        }
    }

    private string Config(string password, int? port = null) => _scan.Config($"mysql-{Guid.NewGuid():N}.json", new JsonObject
    {
        ["host"] = ServiceEnvironment.MysqlHost,
        ["port"] = port ?? ServiceEnvironment.MysqlPort,
        ["user"] = _user,
        ["password"] = password,
        ["filter_dbs"] = _database,
        ["connect_timeout"] = 5,
    });

    private static async Task AdminAsync(params string[] statements)
    {
        await using var connection = new MySqlConnection(new MySqlConnectionStringBuilder
        {
            Server = ServiceEnvironment.MysqlHost,
            Port = (uint)ServiceEnvironment.MysqlPort,
            UserID = ServiceEnvironment.MysqlUser,
            Password = ServiceEnvironment.MysqlPassword,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        foreach (var sql in statements)
        {
            await using var command = new MySqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
