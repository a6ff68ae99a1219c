using Xunit.Abstractions;

namespace Reliability.Tests;

/// <summary>
/// S3 gone for 10 seconds in the middle of a tap-mysql | target-s3 run (a private proxy in front of the shared s3rver
/// drops every connection): target-s3 either rides it out on retries or stops with one CRITICAL line and no stack
/// trace; every object it left is whole, and a rerun from its last STATE converges to the table.
/// </summary>
public sealed class S3OutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly MysqlDatabase _mysql = new();

    public Task InitializeAsync() => _mysql.InitializeAsync();

    public Task DisposeAsync() => _mysql.DisposeAsync();

    [Fact]
    public async Task TargetS3_S3GoneForTenSeconds_RetriedOrOneLineFailure_RerunConverges()
    {
        var source = new MysqlItems(_mysql, "FULL_TABLE");
        await source.CreateAsync();
        // 8 KiB sent: the bucket check at start-up is behind, the first part upload under way.
        await using var proxy = new OutageProxy(ServiceEnvironment.S3Endpoint, enough: 8 * 1024);
        await using var destination = await S3Destination.CreateAsync(proxy.Url);

        var run = Pipe.RunAsync(source.Tap(null), destination.Target());
        await proxy.SentEnough.WaitAsync(TimeSpan.FromMinutes(1));
        proxy.DropFor(TimeSpan.FromSeconds(10));
        var outcome = await run;

        output.WriteLine(outcome.ToString());
        await OutageRun.RerunIfItFailedAsync(outcome, Victim.Target,
            line => line.Should().Contain(proxy.Url, "the failure names the endpoint"),
            proxy, state => Pipe.RunAsync(source.Tap(state), destination.Target()));
        // Reading every object back (gunzip, one JSON record a line) fails on a half-written one.
        var rows = await destination.RowsAsync();
        rows.Select(r => r.ToString()).Should().Equal((await source.RowsAsync()).Select(r => r.ToString()));
        rows.Sum(r => r.Amount).Should().Be(await source.SumAsync());
    }
}
