namespace Singer.Sdk;

/// <summary>
/// Logging to stderr in singer-python's format (<c>INFO message</c>), so tools that parse Singer logs
/// (METRIC lines) read ours. Registered secrets are masked in every line.
/// </summary>
public static class Log
{
    private static readonly Lock Gate = new();
    private static TextWriter _output = Console.Error;

    /// <summary>DEBUG lines are written only when verbose (the --verbose flag).</summary>
    public static bool Verbose { get; set; }

    public static void Debug(string message)
    {
        if (Verbose)
        {
            Write("DEBUG", message);
        }
    }

    public static void Info(string message) => Write("INFO", message);

    public static void Warning(string message) => Write("WARNING", message);

    public static void Error(string message) => Write("ERROR", message);

    public static void Critical(string message) => Write("CRITICAL", message);

    /// <summary>Sends log lines elsewhere (tests capture them); returns the previous writer.</summary>
    public static TextWriter RedirectTo(TextWriter output)
    {
        lock (Gate)
        {
            var previous = _output;
            _output = output;
            return previous;
        }
    }

    private static void Write(string level, string message)
    {
        var line = $"{level} {SecretRedactor.Redact(message)}";
        lock (Gate)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }
}
