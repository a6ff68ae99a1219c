namespace Warehouse;

/// <summary>
/// A batch being written row by row into a staging table. <see cref="CommitAsync"/> finishes the stage,
/// merges it into the table and commits; until then nothing is visible in the table.
/// </summary>
public abstract class StagedBatch : IAsyncDisposable
{
    /// <summary>
    /// False when the sink saw every key of this batch once: the merge can then skip ranking the stage by
    /// key (a sort of the whole batch) and insert it as it is.
    /// </summary>
    public bool KeysMayRepeat { get; set; } = true;

    /// <summary>When the batch began: its rows' _sdc_batched_at.</summary>
    public DateTime BatchedAt { get; } = DateTime.UtcNow;

    public abstract ValueTask WriteAsync(object?[] row, CancellationToken cancellationToken);

    /// <summary>
    /// Stages a record the target's transcoder took as bytes (<see cref="Singer.Sdk.RecordMessage.Encoded"/>), numbered
    /// <paramref name="sequence"/> like rows are; only batches of a target that installs such a transcoder get these.
    /// </summary>
    public virtual ValueTask WriteEncodedAsync(Singer.Sdk.RecordMessage record, long sequence, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} does not stage encoded records");

    public abstract Task CommitAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Runs the merge statements in order, logging each one's time (seen with --verbose).</summary>
    protected static async Task ExecuteMergeAsync(IEnumerable<string> statements, Func<string, CancellationToken, Task> execute, string target, CancellationToken cancellationToken)
    {
        var clock = new System.Diagnostics.Stopwatch();
        foreach (var sql in statements)
        {
            clock.Restart();
            await execute(sql, cancellationToken);
            Singer.Sdk.Log.Debug($"{target}: {sql[..Math.Min(60, sql.Length)]}... {clock.ElapsedMilliseconds} ms");
        }
    }
}
