using Xunit.Abstractions;

namespace Reliability.Tests;

/// <summary>
/// tap-rest reading a paged API into the warehouses, SIGKILLed at seeded random points (target and tap in turn) and
/// rerun from the last STATE the target printed: the destination then holds exactly what a clean run loads.
/// </summary>
public sealed class RestFaultTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("target-postgres")]
    [InlineData("target-duckdb")]
    public async Task Pipe_KilledAtRandomPointsAndRerunFromLastState_DestinationEqualsACleanRun(string target)
    {
        await using var source = await RestItems.StartAsync();
        await using var clean = await Destinations.CreateAsync(target);
        await using var faulted = await Destinations.CreateAsync(target);
        var cleanRun = await Pipe.RunAsync(source.Tap(null), clean.Target());
        cleanRun.Succeeded.Should().BeTrue(cleanRun.ToString());
        var plan = new FaultPlan($"tap-rest | {target}");

        var faults = await Convergence.RunAsync(plan, state => (source.Tap(state), faulted.Target()), _ => cleanRun.Bytes, output.WriteLine);

        var why = plan.Describe(faults);
        output.WriteLine(why);
        var expected = source.Rows.Select(r => r.ToString()).ToList();
        (await clean.RowsAsync()).Select(r => r.ToString()).Should().Equal(expected, "the clean run of {0} loads every item", plan.Pair);
        var rows = await faulted.RowsAsync();
        rows.Select(r => r.ToString()).Should().Equal(expected, why);
        rows.Sum(r => r.Amount).Should().Be(source.Rows.Sum(r => r.Amount), why);
        (await faulted.DuplicatesAsync()).Should().Be(0, why);
    }
}
