namespace TargetPostgres.Tests;

/// <summary>Config the server refuses: exit 2 and one CRITICAL line, never the password.</summary>
public sealed class PostgresConfigTests : IAsyncLifetime
{
    private const string WrongPassword = "wr0ng-Secret-7f3a";

    private readonly PostgresDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static string Stream => new SingerStream().Schema("items", """{"id": {"type": "integer"}}""", "id").Record("items", """{"id": 1}""").ToString();

    [Fact]
    public async Task Load_WrongPassword_ExitsTwoWithOneLineWithoutThePassword()
    {
        var run = await _db.LoadAsync(Stream, new JsonObject { ["password"] = WrongPassword });

        run.ExitCode.Should().Be(2, run.Stderr);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Should().ContainSingle(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))
            .Which.Should().Contain("password authentication failed").And.Contain($"{ServiceEnvironment.PgHost}:{ServiceEnvironment.PgPort}");
        lines.Should().OnlyContain(l => l.StartsWith("CRITICAL ", StringComparison.Ordinal) || l.StartsWith("INFO ", StringComparison.Ordinal));
        (run.Stdout + run.Stderr).Should().NotContain(WrongPassword);
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Load_NothingListeningOnPort_ExitsTwoWithOneLine()
    {
        var run = await _db.LoadAsync(Stream, new JsonObject { ["port"] = 1 });

        run.ExitCode.Should().Be(2, run.Stderr);
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))
            .Which.Should().Contain($"{ServiceEnvironment.PgHost}:1");
    }

    [Fact]
    public async Task Load_MissingRequiredKey_ExitsTwoNamingIt()
    {
        var config = Path.Combine(_db.Directory, "no-host.json");
        await File.WriteAllTextAsync(config, """{"user": "singer", "dbname": "singer"}""");

        var run = await Executable.RunAsync("target-postgres", ["--config", config], stdin: Stream);

        run.ExitCode.Should().Be(2, run.Stderr);
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))
            .Which.Should().Contain("host");
    }
}
