namespace Reliability.Tests;

/// <summary>Where a pipe under test loads: the target command for it, and what it holds now.</summary>
public abstract class Destination : IAsyncDisposable
{
    /// <summary>The table every test loads (the stream's table name; the source schema goes to the schema or the key prefix).</summary>
    public const string Table = "items";

    /// <summary>Commits come often so kills land between them: a batch of this many rows per stream.</summary>
    public const int BatchRows = 250;

    public abstract string Name { get; }

    public abstract Command Target();

    /// <summary>The rows the destination holds for the stream, by key; deleted rows left out.</summary>
    public abstract Task<List<Row>> RowsAsync();

    /// <summary>How many rows more than distinct keys it holds (a warehouse loads by key: always 0).</summary>
    public abstract Task<long> DuplicatesAsync();

    public abstract ValueTask DisposeAsync();
}
