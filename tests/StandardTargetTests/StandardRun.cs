namespace StandardTargetTests;

internal static class StandardRun
{
    /// <summary>The STATE values on stdout and the CRITICAL line on stderr, without its level.</summary>
    public static TargetRun FromProcess(ProcessResult result)
    {
        var states = StateValues(result.Stdout);
        var error = result.Stderr.Split('\n').Where(l => l.StartsWith("CRITICAL ", StringComparison.Ordinal)).Select(l => l["CRITICAL ".Length..].TrimEnd('\r')).SingleOrDefault();
        return new TargetRun(result.ExitCode, states, error);
    }

    /// <summary>Each STATE value a target wrote to stdout (a target writes the value alone, one a line), compact.</summary>
    public static IReadOnlyList<string> StateValues(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.ToJsonString()).ToList();
}
