namespace StandardTargetTests;

/// <summary>
/// Every standard case against one target: each case in a destination of its own, its streams run in order, then
/// the last run's exit code, one-line error and last relayed STATE, and every expected table read back.
/// </summary>
public abstract class StandardTargetSuite
{
    protected abstract IStandardTarget CreateTarget();

    [Theory]
    [MemberData(nameof(StandardCases.Names), MemberType = typeof(StandardCases))]
    public async Task Run_StandardCase_LoadsOrRefusesAsPinned(string name)
    {
        await using var target = CreateTarget();
        var expected = StandardCases.For(name, target);
        TargetRun? run = null;
        foreach (var (stream, index) in expected.Runs.Select((s, i) => (s, i)))
        {
            run = await target.RunAsync(StandardCase.Stream(stream));
            if (index < expected.Runs.Length - 1)
            {
                run.ExitCode.Should().Be(0, run.Error);
            }
        }

        run!.ExitCode.Should().Be(expected.ExitCode, run.Error);
        run.Error.Should().Be(expected.Error);
        (run.States.Count == 0 ? null : run.States[^1]).Should().Be(expected.LastState);
        foreach (var table in expected.Tables)
        {
            var rows = await target.RowsAsync(table.Stream, table.Fields);
            Sorted(rows).Should().BeEquivalentTo(Sorted(table.Rows), o => o.WithStrictOrdering(), table.Stream);
        }
    }

    // Neither a table nor a listing of files has an order of its own.
    private static List<string?[]> Sorted(IEnumerable<string?[]> rows) =>
        rows.OrderBy(r => string.Join('\u0001', r.Select(v => v ?? "\u0000null")), StringComparer.Ordinal).ToList();
}

public sealed class PostgresStandardTests : StandardTargetSuite
{
    // sanitize_null_text_characters as a Meltano user of MeltanoLabs target-postgres sets it for text with U+0000.
    protected override IStandardTarget CreateTarget() => new WarehouseStandardTarget(
        "postgres", new TargetPostgres.Tests.PostgresDatabase(), new() { ["primary_key_required"] = false, ["sanitize_null_text_characters"] = true });
}

public sealed class DuckDbStandardTests : StandardTargetSuite
{
    protected override IStandardTarget CreateTarget() => new WarehouseStandardTarget(
        "duckdb", new TargetDuckDb.Tests.DuckDbDatabase(), new() { ["primary_key_required"] = false });
}

public sealed class S3StandardTests : StandardTargetSuite
{
    protected override IStandardTarget CreateTarget() => new S3StandardTarget();
}

public sealed class RedshiftStandardTests : StandardTargetSuite
{
    protected override IStandardTarget CreateTarget() => new RedshiftStandardTarget();
}
