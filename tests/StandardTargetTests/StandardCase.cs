namespace StandardTargetTests;

/// <summary>The rows a stream's table (or files) must hold after a case: the fields read, and one row per record kept.</summary>
public sealed record ExpectedTable(string Stream, string[] Fields, string?[][] Rows);

/// <summary>
/// One case of the Meltano SDK's standard target suite, written as our own stream(s) under Streams/: the streams run
/// in order into one destination, and what the destination and the last run must show afterwards.
/// </summary>
public sealed record StandardCase(string Name, string[] Runs)
{
    /// <summary>The last run's exit code: 0, or 1 for a refused stream.</summary>
    public int ExitCode { get; init; }

    /// <summary>The last STATE value relayed by the last run, or null when none may be.</summary>
    public string? LastState { get; init; }

    /// <summary>The last run's one-line error, without its level.</summary>
    public string? Error { get; init; }

    public ExpectedTable[] Tables { get; init; } = [];

    public static string Stream(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Streams", name + ".singer"));
}
