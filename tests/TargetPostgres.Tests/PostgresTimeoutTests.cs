
namespace TargetPostgres.Tests;

/// <summary>
/// A server that does not answer, or answers too late, ends the run with one line naming the server and the
/// timeout; timeouts and the port are checked before anything connects.
/// </summary>
public sealed class PostgresTimeoutTests : IAsyncLifetime
{
    private readonly PostgresDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    private static string Stream => new SingerStream().Schema("items", """{"id": {"type": "integer"}}""", "id").Record("items", """{"id": 1}""").ToString();

    [Fact]
    public async Task Load_ServerAcceptsButNeverAnswers_ExitsTwoNamingEndpointAndConnectTimeout()
    {
        await using var server = SilentServer.Start();
        var port = server.Port;

        var run = await _db.LoadAsync(Stream, new JsonObject { ["host"] = "127.0.0.1", ["port"] = port, ["connect_timeout"] = 2 });

        run.ExitCode.Should().Be(2, run.Stderr);
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))
            // The user name is masked here: the test server's password is the same word.
            .Which.Should().StartWith($"CRITICAL cannot connect to PostgreSQL at 127.0.0.1:{port} as '").And.EndWith("': no answer within connect_timeout 2 s");
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Load_MergeWaitsLongerThanCommandTimeout_ExitsOneNamingEndpointAndCommandTimeout()
    {
        await _db.QueryAsync($"CREATE SCHEMA \"{_db.Schema}\"; CREATE TABLE {_db.Qualified("items")} (id BIGINT PRIMARY KEY, _sdc_table_version BIGINT)");
        await using var holder = new Npgsql.NpgsqlConnection(PostgresDatabase.ConnectionString);
        await holder.OpenAsync();
        await using (var lockTable = new Npgsql.NpgsqlCommand($"BEGIN; LOCK TABLE {_db.Qualified("items")} IN SHARE MODE", holder))
        {
            await lockTable.ExecuteNonQueryAsync();
        }

        var run = await _db.LoadAsync(Stream + """{"type":"STATE","value":{"n":1}}""" + "\n", new JsonObject { ["command_timeout"] = 2 });

        run.ExitCode.Should().Be(1, run.Stderr);
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))
            .Which.Should().Be($"CRITICAL PostgreSQL at {ServiceEnvironment.PgHost}:{ServiceEnvironment.PgPort} did not answer within command_timeout 2 s while loading a batch into \"{_db.Schema}\".\"items\"");
        run.Stdout.Should().BeEmpty();
    }

    [Theory]
    [InlineData("connect_timeout", 0)]
    [InlineData("connect_timeout", -5)]
    [InlineData("command_timeout", 0)]
    public async Task Load_TimeoutNotPositive_ExitsTwoNamingKey(string key, int seconds)
    {
        var run = await _db.LoadAsync(Stream, new JsonObject { [key] = seconds });

        run.ExitCode.Should().Be(2, run.Stderr);
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))
            .Which.Should().Be($"CRITICAL config key '{key}' must be a positive number of seconds, not {seconds}");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(70000)]
    public async Task Load_PortOutOfRange_ExitsTwoNamingPort(int port)
    {
        var run = await _db.LoadAsync(Stream, new JsonObject { ["port"] = port });

        run.ExitCode.Should().Be(2, run.Stderr);
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))
            .Which.Should().Be($"CRITICAL config key 'port' must be between 1 and 65535, not {port}");
    }
}
