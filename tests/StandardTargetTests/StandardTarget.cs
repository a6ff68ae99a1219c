namespace StandardTargetTests;

/// <summary>What one run of a target did: its exit code, the STATE lines it relayed, and its one-line error (if any).</summary>
public sealed record TargetRun(int ExitCode, IReadOnlyList<string> States, string? Error);

/// <summary>
/// One destination the standard cases load into: a run of the target on a Singer stream, and the loaded data read
/// back straight from the destination (never through the target) as text, one row per record kept.
/// </summary>
public interface IStandardTarget : IAsyncDisposable
{
    /// <summary>Which target: postgres, duckdb, redshift, s3.</summary>
    string Name { get; }

    /// <summary>Whether the destination keeps one row per key (a warehouse) or every record (files in S3).</summary>
    bool Upserts => Name != "s3";

    Task<TargetRun> RunAsync(string stream);

    /// <summary>The rows loaded for <paramref name="stream"/>, the values of <paramref name="fields"/> as text (JSON values compact), null when absent.</summary>
    Task<IReadOnlyList<string?[]>> RowsAsync(string stream, IReadOnlyList<string> fields);
}
