using System.Globalization;
using System.Text;
using Singer.Sdk;

namespace SingerCheck;

/// <summary>
/// Reads a stream, checks it, prints a per-stream summary and exits 0; on an error prints
/// <c>line N: what</c> and exits 1 (with --all, every error, then the summary).
/// </summary>
internal static class CheckCommand
{
    public static async Task<int> RunAsync(CheckOptions options, CancellationToken ct)
    {
        var checker = new StreamChecker();
        var errors = 0;
        void Report(ProtocolException error)
        {
            errors++;
            Console.Error.WriteLine(error.Message);
        }

        if (options.MaxLineBytes < 1)
        {
            throw new ConfigurationException($"--max-line-bytes must be at least 1, got {options.MaxLineBytes}");
        }
        await using var input = Open(options.File);
        var reader = new SingerReader(input, options.All ? Report : null, StreamChecker.TranscoderFor, options.MaxLineBytes);
        try
        {
            await foreach (var line in reader.ReadAllAsync(ct))
            {
                try
                {
                    checker.Check(line);
                }
                catch (ProtocolException error) when (options.All)
                {
                    Report(error);
                }
            }
        }
        catch (ProtocolException error)
        {
            await Console.Error.WriteLineAsync(error.Message);
            return ExitCodes.RuntimeFailure;
        }
        checker.Lines = reader.LinesRead;
        await Console.Out.WriteAsync(Summarize(checker, errors));
        return errors == 0 ? ExitCodes.Ok : ExitCodes.RuntimeFailure;
    }

    private static Stream Open(string? path)
    {
        if (path is null or "-")
        {
            return Console.OpenStandardInput();
        }
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read '{path}': {ex.Message}", ex);
        }
    }

    internal static string Summarize(StreamChecker checker, int errors)
    {
        var text = new StringBuilder();
        var verdict = errors == 0 ? "OK" : $"{errors} error{(errors == 1 ? "" : "s")}";
        text.Append(CultureInfo.InvariantCulture, $"{verdict}: {checker.Lines} lines, {checker.Streams.Count} stream(s), {checker.StateCount} STATE message(s)\n");
        var width = Math.Max(6, checker.Streams.Keys.Select(k => k.Length).DefaultIfEmpty(0).Max());
        text.Append(CultureInfo.InvariantCulture, $"{"stream".PadRight(width)}  {"records",10}  {"schemas",7}  {"versions",8}  {"batches",7}\n");
        foreach (var (stream, report) in checker.Streams)
        {
            text.Append(CultureInfo.InvariantCulture, $"{stream.PadRight(width)}  {report.Records,10}  {report.Schemas,7}  {report.ActivateVersions,8}  {report.Batches,7}\n");
        }
        text.Append("last STATE: ").Append(checker.LastState is null ? "(none)" : SingerJson.Serialize(checker.LastState)).Append('\n');
        return text.ToString();
    }
}
