namespace Warehouse;

/// <summary>
/// A batch being written row by row into a staging table. <see cref="CommitAsync"/> finishes the stage,
/// merges it into the table and commits; until then nothing is visible in the table.
/// </summary>
public abstract class StagedBatch : IAsyncDisposable
{
    public abstract ValueTask WriteAsync(object?[] row, CancellationToken cancellationToken);

    public abstract Task CommitAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
