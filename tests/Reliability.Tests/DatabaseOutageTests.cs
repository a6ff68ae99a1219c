using Xunit.Abstractions;

namespace Reliability.Tests;

/// <summary>
/// PostgreSQL gone for 10 seconds in the middle of a tap-mysql | target-postgres run, as when the server restarts: a
/// private proxy in front of the shared server resets every connection and turns new ones away. target-postgres either
/// rides it out or stops with one CRITICAL line and no stack trace, having passed on no STATE past what it committed;
/// a rerun from its last STATE converges to the source table (no row lost, none twice, exact sums).
/// </summary>
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly MysqlDatabase _mysql = new();

    public Task InitializeAsync() => _mysql.InitializeAsync();

    public Task DisposeAsync() => _mysql.DisposeAsync();

    [Fact]
    public async Task TargetPostgres_PostgresGoneForTenSeconds_RetriedOrOneLineFailure_RerunConverges()
    {
        var source = new MysqlItems(_mysql, "INCREMENTAL");
        await source.CreateAsync();
        // 16 KiB sent by the target: connected, its table made, the first batch's COPY under way.
        await using var proxy = new OutageProxy($"tcp://{ServiceEnvironment.PgHost}:{ServiceEnvironment.PgPort}", enough: 16 * 1024);
        await using var destination = await WarehouseDestination.CreatePostgresThroughAsync(proxy.Port);

        var run = Pipe.RunAsync(source.Tap(null), destination.Target());
        await proxy.SentEnough.WaitAsync(TimeSpan.FromMinutes(1));
        proxy.DropFor(TimeSpan.FromSeconds(10));
        var outcome = await run;

        output.WriteLine(outcome.ToString());
        await OutageRun.RerunIfItFailedAsync(outcome, Victim.Target,
            line => line.Should().StartWith($"CRITICAL lost the connection to PostgreSQL at 127.0.0.1:{proxy.Port} while ", "the failure names the server"),
            proxy, state => Pipe.RunAsync(source.Tap(state), destination.Target()));
        var rows = await destination.RowsAsync();
        rows.Select(r => r.ToString()).Should().Equal((await source.RowsAsync()).Select(r => r.ToString()));
        rows.Sum(r => r.Amount).Should().Be(await source.SumAsync());
    }
}
