using Xunit.Abstractions;

namespace Reliability.Tests;

/// <summary>
/// MariaDB gone for 10 seconds in the middle of a tap-mysql | target-postgres run, as when the server restarts: a
/// private proxy in front of the shared server cuts its answer at a fixed byte (mid-copy, or mid-binlog), resets every
/// connection and turns new ones away. tap-mysql stops with one CRITICAL line naming the server and no stack trace;
/// the target commits what it got; a rerun from its last STATE converges to the table (no row lost, none twice, exact
/// sums). A separate class from DatabaseOutageTests so the two run side by side.
/// </summary>
public sealed class TapMysqlOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly MysqlDatabase _mysql = new();

    public Task InitializeAsync() => _mysql.InitializeAsync();

    public Task DisposeAsync() => _mysql.DisposeAsync();

    [Theory]
    [InlineData("FULL_TABLE")]
    [InlineData("INCREMENTAL")]
    public async Task TapMysql_MariaDbGoneForTenSecondsMidCopy_OneLineFailure_RerunConverges(string method)
    {
        var source = new MysqlItems(_mysql, method);
        await source.CreateAsync();
        await using var proxy = new OutageProxy($"tcp://{ServiceEnvironment.MysqlHost}:{ServiceEnvironment.MysqlPort}");
        source.ConnectThrough(proxy.Port);
        await using var destination = await Destinations.CreateAsync("target-postgres");
        // 40 KiB into the server's answers: connected, past the preflight queries, into the rows (~120 KiB in all).
        proxy.DropOnceServerSent(40 * 1024, TimeSpan.FromSeconds(10));

        var outcome = await Pipe.RunAsync(source.Tap(null), destination.Target());

        await AssertConvergedAsync(outcome, proxy, source, destination);
    }

    [Fact]
    public async Task TapMysql_LogBased_MariaDbGoneForTenSecondsMidBinlog_OneLineFailure_RerunConverges()
    {
        var source = new MysqlItems(_mysql, "LOG_BASED");
        await source.CreateAsync();
        await using var proxy = new OutageProxy($"tcp://{ServiceEnvironment.MysqlHost}:{ServiceEnvironment.MysqlPort}");
        source.ConnectThrough(proxy.Port);
        await using var destination = await Destinations.CreateAsync("target-postgres");
        var copy = await Pipe.RunAsync(source.Tap(null), destination.Target());
        copy.Succeeded.Should().BeTrue(copy.ToString());
        await source.ChangeAsync(0);
        // 16 KiB into this run's answers: the binlog connection is streaming the changes.
        proxy.DropOnceServerSent(proxy.Received + 16 * 1024, TimeSpan.FromSeconds(10));

        var outcome = await Pipe.RunAsync(source.Tap(copy.LastState), destination.Target());

        await AssertConvergedAsync(outcome, proxy, source, destination);
    }

    private async Task AssertConvergedAsync(PipeOutcome outcome, OutageProxy proxy, MysqlItems source, Destination destination)
    {
        output.WriteLine(outcome.ToString());
        outcome.Succeeded.Should().BeFalse("the outage cut the tap's reading: {0}", outcome);
        await OutageRun.RerunIfItFailedAsync(outcome, Victim.Tap,
            line => line.Should().Contain($"127.0.0.1:{proxy.Port}", "the failure names the server"),
            proxy, state => Pipe.RunAsync(source.Tap(state), destination.Target()));
        var rows = await destination.RowsAsync();
        rows.Select(r => r.ToString()).Should().Equal((await source.RowsAsync()).Select(r => r.ToString()));
        rows.Sum(r => r.Amount).Should().Be(await source.SumAsync());
    }
}
