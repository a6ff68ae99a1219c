using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>
/// Base of the scenarios every warehouse target must pass. A target's test project derives one sealed class
/// per scenario class, giving it that target's <see cref="WarehouseDatabase"/>; xUnit makes a new instance
/// per test, so every test loads into a schema (or file) of its own.
/// </summary>
public abstract class WarehouseTest(WarehouseDatabase db) : IAsyncLifetime
{
    protected WarehouseDatabase Db { get; } = db;

    public Task InitializeAsync() => Db.InitializeAsync();

    public Task DisposeAsync() => Db.DisposeAsync();

    /// <summary>The lines of a process's stdout (the states a target printed), without the empty last one.</summary>
    protected static string[] StdoutLines(ProcessResult run) => run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The lines of stderr that are CRITICAL errors.</summary>
    protected static string[] CriticalLines(ProcessResult run) =>
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("CRITICAL", StringComparison.Ordinal)).ToArray();
}
