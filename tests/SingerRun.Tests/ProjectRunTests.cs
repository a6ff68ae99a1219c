using System.Text.Json.Nodes;
using TapMysql.Tests;

namespace SingerRun.Tests;

/// <summary>A real tap-mysql → target-postgres pipeline run from a meltano.yml by <c>singer-run run</c>.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProjectRunTests : MysqlAndPostgres, IDisposable
{
    private readonly RunDirectory _dir = new();
    private readonly string _passwordVariable = "SR_MYSQL_PW_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public void Dispose() => _dir.Dispose();

    private string Project => Path.Combine(_dir.Path, "meltano.yml");

    private string StateFile => Path.Combine(_dir.Path, ".singer", "state", "tap-mysql-to-target-postgres", "state.json");

    /// <summary>Orders in MariaDB and a project selecting them (all but <c>note</c>), INCREMENTAL on <c>updated</c> through a metadata glob.</summary>
    private async Task SetUpAsync()
    {
        await Mysql.ExecuteAsync("""
            CREATE TABLE orders (id INT PRIMARY KEY, total DECIMAL(10,2), note VARCHAR(20), updated INT NOT NULL);
            CREATE TABLE ignored (id INT PRIMARY KEY);
            INSERT INTO orders VALUES (1, 10.10, 'a', 1), (2, 20.20, 'b', 2);
            INSERT INTO ignored VALUES (1);
            """);
        Environment.SetEnvironmentVariable(_passwordVariable, ServiceEnvironment.MysqlPassword);
        var tapConfig = new JsonObject
        {
            ["host"] = ServiceEnvironment.MysqlHost,
            ["port"] = ServiceEnvironment.MysqlPort,
            ["user"] = ServiceEnvironment.MysqlUser,
            ["password"] = "${" + _passwordVariable + "}",
            ["filter_dbs"] = Mysql.Name,
        };
        var targetConfig = JsonNode.Parse(await File.ReadAllTextAsync(Postgres.WriteConfig()))!;
        // Our executables as a user's PATH would give them (here: the build output, through a wrapper each).
        _dir.Script("tap-mysql", "exec " + RunDirectory.Command("tap-mysql") + " \"$@\"");
        _dir.Script("target-postgres", "exec " + RunDirectory.Command("target-postgres") + " \"$@\"");
        _dir.Script("target-broken", "cat > /dev/null\necho 'CRITICAL the warehouse is gone' >&2\nexit 1");
        _dir.Write("meltano.yml", $"""
            version: 1
            default_environment: dev
            plugins:
              extractors:
              - name: tap-mysql
                variant: transferwise
                pip_url: pipelinewise-tap-mysql
                executable: ./tap-mysql
                config: {tapConfig.ToJsonString()}
                select:
                - '*-orders.*'
                - '!*-orders.note'
                metadata:
                  '*-orders':
                    replication-method: INCREMENTAL
                    replication-key: updated
              loaders:
              - name: target-postgres
                executable: ./target-postgres
                config: {targetConfig.ToJsonString()}
              - name: target-broken
                executable: ./target-broken
            """);
    }

    private async Task<List<string>> RowsAsync() =>
        (await Postgres.QueryAsync($"SELECT id::text || '=' || total::text FROM {Postgres.Qualified("orders")} ORDER BY id")).Select(r => (string)r[0]!).ToList();

    private async Task<long> BookmarkAsync() =>
        JsonNode.Parse(await File.ReadAllTextAsync(StateFile))!["completed"]!["singer_state"]!["bookmarks"]![$"{Mysql.Name}-orders"]!["replication_key_value"]!.GetValue<long>();

    [Fact]
    public async Task Run_StateUnderTapToTarget_RerunResumes_SelectionAndMetadataApplied()
    {
        await SetUpAsync();

        var first = await RunDirectory.RunAsync("run", "tap-mysql", "target-postgres", "--project", Project);

        first.ExitCode.Should().Be(0, first.Stderr);
        first.Stderr.Should().Contain($"INFO tap-mysql: 1 of 2 streams selected: {Mysql.Name}-orders")
            .And.Contain("state 'tap-mysql-to-target-postgres': none stored in file://" + Path.Combine(_dir.Path, ".singer", "state"))
            .And.NotContain(ServiceEnvironment.MysqlPassword == "" ? "\u0000" : $"\"{ServiceEnvironment.MysqlPassword}\"");
        (await RowsAsync()).Should().Equal("1=10.10", "2=20.20");
        (await Postgres.ColumnTypesAsync("orders")).Keys.Should().Contain("total").And.NotContain("note");
        (await BookmarkAsync()).Should().Be(2);

        await Mysql.ExecuteAsync("INSERT INTO orders VALUES (3, 30.30, 'c', 3); UPDATE orders SET total = 99.99 WHERE id = 1;");
        var second = await RunDirectory.RunAsync("run", "tap-mysql", "target-postgres", "--project", Project);

        second.ExitCode.Should().Be(0, second.Stderr);
        second.Stderr.Should().Contain("state 'tap-mysql-to-target-postgres': starting from the state stored in").And.Contain("using the catalog discovered before");
        // INCREMENTAL from the stored bookmark: row 1's change did not move its key, so it is not read again.
        (await RowsAsync()).Should().Equal("1=10.10", "2=20.20", "3=30.30");
        (await BookmarkAsync()).Should().Be(3);
    }

    [Fact]
    public async Task FullRefresh_IgnoresTheStoredState_AFailedOneLeavesIt()
    {
        await SetUpAsync();
        (await RunDirectory.RunAsync("run", "tap-mysql", "target-postgres", "--project", Project)).ExitCode.Should().Be(0);
        var stored = await File.ReadAllTextAsync(StateFile);
        await Mysql.ExecuteAsync("UPDATE orders SET total = 99.99 WHERE id = 1;");

        var failed = await RunDirectory.RunAsync("run", "tap-mysql", "target-broken", "--project", Project, "--full-refresh", "--state-id", "tap-mysql-to-target-postgres");

        failed.ExitCode.Should().Be(1);
        failed.Stderr.Should().Contain("the target failed").And.Contain("the stored state is unchanged").And.Contain("CRITICAL the warehouse is gone");
        (await File.ReadAllTextAsync(StateFile)).Should().Be(stored);

        var refreshed = await RunDirectory.RunAsync("run", "tap-mysql", "target-postgres", "--project", Project, "--full-refresh");

        refreshed.ExitCode.Should().Be(0, refreshed.Stderr);
        refreshed.Stderr.Should().Contain("none stored in").And.Contain("(--full-refresh: the stored one is kept until this run succeeds); the tap starts from scratch")
            .And.Contain("1 states stored");
        (await RowsAsync()).Should().Equal("1=99.99", "2=20.20");
        (await BookmarkAsync()).Should().Be(2);
    }
}
