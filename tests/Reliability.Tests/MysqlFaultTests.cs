using Xunit.Abstractions;

namespace Reliability.Tests;

/// <summary>
/// tap-mysql with each replication method into each target, SIGKILLed at seeded random points (target and tap in
/// turn) and rerun from the last STATE the target printed until a run completes: the destination then holds exactly
/// what a clean run loads and what the table holds — no row lost, none twice in a warehouse, the DECIMAL sum exact.
/// </summary>
public sealed class MysqlFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly MysqlDatabase _mysql = new();

    public static TheoryData<string, string> Pairs()
    {
        var pairs = new TheoryData<string, string>();
        foreach (var method in new[] { "FULL_TABLE", "INCREMENTAL", "LOG_BASED" })
        {
            foreach (var target in Destinations.Names)
            {
                pairs.Add(method, target);
            }
        }
        return pairs;
    }

    public Task InitializeAsync() => _mysql.InitializeAsync();

    public Task DisposeAsync() => _mysql.DisposeAsync();

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Pipe_KilledAtRandomPointsAndRerunFromLastState_DestinationEqualsACleanRun(string method, string target)
    {
        var source = new MysqlItems(_mysql, method);
        await source.CreateAsync();
        await using var clean = await Destinations.CreateAsync(target);
        await using var faulted = await Destinations.CreateAsync(target);
        var cleanRun = await Pipe.RunAsync(source.Tap(null), clean.Target());
        cleanRun.Succeeded.Should().BeTrue(cleanRun.ToString());
        var plan = new FaultPlan($"tap-mysql {method} | {target}");
        var logBased = method == "LOG_BASED";

        // Binlog runs after the first copy only carry the changes, about a third of the table's bytes.
        var faults = await Convergence.RunAsync(plan, state => (source.Tap(state), faulted.Target()),
            run => run > 0 && logBased ? cleanRun.Bytes / 3 : cleanRun.Bytes, output.WriteLine,
            logBased ? source.ChangeAsync : null, finalRuns: logBased ? 2 : 1);
        if (logBased)
        {
            var changes = await Pipe.RunAsync(source.Tap(cleanRun.LastState), clean.Target());
            changes.Succeeded.Should().BeTrue(changes.ToString());
        }

        var why = plan.Describe(faults);
        output.WriteLine(why);
        var expected = (await source.RowsAsync()).Select(r => r.ToString()).ToList();
        (await clean.RowsAsync()).Select(r => r.ToString()).Should().Equal(expected, "the clean run of {0} loads the table", plan.Pair);
        var rows = await faulted.RowsAsync();
        rows.Select(r => r.ToString()).Should().Equal(expected, why);
        rows.Sum(r => r.Amount).Should().Be(await source.SumAsync(), why);
        var duplicates = await faulted.DuplicatesAsync();
        output.WriteLine($"copies beyond the first: {duplicates}");
        if (faulted is WarehouseDestination)
        {
            duplicates.Should().Be(0, why);
        }
    }
}
