using Singer.Sdk;

namespace TargetRedshift.Tests.Support;

/// <summary>
/// Captures <see cref="Log"/> lines (verbose, so DEBUG lines too) for one test and restores the previous writer.
/// Log is process-wide, so every test using this belongs to <see cref="GlobalStateCollection"/>.
/// </summary>
internal sealed class LogCapture : IDisposable
{
    private readonly StringWriter _writer = new();
    private readonly TextWriter _previous;
    private readonly bool _previousVerbose = Log.Verbose;

    public LogCapture()
    {
        _previous = Log.RedirectTo(_writer);
        Log.Verbose = true;
    }

    public string Text => _writer.ToString();

    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();

    public void Dispose()
    {
        Log.RedirectTo(_previous);
        Log.Verbose = _previousVerbose;
        _writer.Dispose();
    }
}
