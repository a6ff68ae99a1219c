using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.InteropServices;
using CommandLine;

namespace Singer.Sdk;

/// <summary>
/// The edge of every executable: parses flags, runs the body with a token cancelled by Ctrl-C or
/// SIGTERM, and turns any exception into one CRITICAL line on stderr and an exit code.
/// </summary>
public static class CommandLineRunner
{
    /// <summary>What the flag parser reads of an options type by reflection: kept by the trimmer in a native (AOT) build.</summary>
    private const DynamicallyAccessedMemberTypes OptionMembers =
        DynamicallyAccessedMemberTypes.PublicProperties | DynamicallyAccessedMemberTypes.PublicParameterlessConstructor;

    /// <summary>Parses <paramref name="args"/> into <typeparamref name="TOptions"/>; bad flags exit 2, --help exits 0.</summary>
    public static async Task<int> RunAsync<[DynamicallyAccessedMembers(OptionMembers)] TOptions>(string[] args, Func<TOptions, CancellationToken, Task<int>> body)
    {
        if (FlagWithoutValue<TOptions>(args) is { } flag)
        {
            Log.Critical($"usage: flag {flag} needs a value");
            return ExitCodes.BadUsage;
        }
        using var parser = new Parser(settings =>
        {
            settings.AllowMultiInstance = true;
            settings.CaseSensitive = true;
            settings.HelpWriter = null;
        });
        var parsed = parser.ParseArguments<TOptions>(args);
        if (parsed is NotParsed<TOptions> notParsed)
        {
            return ReportUsage(parsed, notParsed.Errors);
        }
        var options = ((Parsed<TOptions>)parsed).Value;
        var verbose = options is TapOptions { Verbose: true } or TargetOptions { Verbose: true } || args.Contains("--verbose");
        Log.Verbose = verbose;
        return await RunGuardedAsync(ct => body(options, ct), verbose);
    }

    private static readonly TimeSpan StopGracePeriod = TimeSpan.FromSeconds(10);

    /// <summary>Runs <paramref name="body"/>, mapping exceptions to one log line and an exit code.</summary>
    public static async Task<int> RunGuardedAsync(Func<CancellationToken, Task<int>> body, bool verbose)
    {
        using var cancellation = new CancellationTokenSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            cancellation.Cancel();
            // A read of stdin does not observe cancellation: if the run is still waiting on input after the
            // grace period (time to roll back and abort uploads), leave anyway rather than hang a pipeline.
            _ = Task.Delay(StopGracePeriod).ContinueWith(_ =>
            {
                Log.Critical($"still running {StopGracePeriod.TotalSeconds:F0} s after {context.Signal}; exiting");
                Environment.Exit(130);
            }, TaskScheduler.Default);
        }
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        try
        {
            return await body(cancellation.Token);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Log.Critical("interrupted");
            return 130;
        }
        catch (SingerException ex)
        {
            Log.Critical(OneLine(ex.Message));
            if (verbose)
            {
                Log.Debug(ex.ToString());
            }
            return ex.ExitCode;
        }
        catch (Exception ex)
        {
            Log.Critical($"{ex.GetType().Name}: {OneLine(ex.Message)}");
            if (verbose)
            {
                Log.Critical(ex.ToString());
            }
            return ExitCodes.RuntimeFailure;
        }
    }

    private static int ReportUsage<TOptions>(ParserResult<TOptions> parsed, IEnumerable<Error> errors)
    {
        if (errors.Any(e => e is HelpRequestedError or VersionRequestedError))
        {
            var help = CommandLine.Text.HelpText.AutoBuild(parsed, h => h, e => e);
            Console.Out.WriteLine(errors.Any(e => e is VersionRequestedError) ? AboutInfo.Version : help.ToString());
            return ExitCodes.Ok;
        }
        foreach (var error in errors)
        {
            Log.Critical("usage: " + Describe(error));
        }
        return ExitCodes.BadUsage;
    }

    /// <summary>
    /// CommandLineParser 2.9 ignores a value-taking flag given last and takes the next flag as a missing value
    /// (<c>--state --catalog c.json</c> sets state to "catalog"; commandlineparser/commandline#857). An empty
    /// <c>--state $FILE</c> would then silently turn an incremental run into a full one, so both are usage errors.
    /// </summary>
    private static string? FlagWithoutValue<[DynamicallyAccessedMembers(OptionMembers)] TOptions>(string[] args)
    {
        var valueFlags = typeof(TOptions).GetProperties()
            .Where(p => p.PropertyType != typeof(bool))
            .Select(p => p.GetCustomAttribute<OptionAttribute>()?.LongName)
            .OfType<string>()
            .Select(name => "--" + name)
            .ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (valueFlags.Contains(args[i]) && (i + 1 == args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
            {
                return args[i];
            }
        }
        return null;
    }

    private static string Describe(Error error) => error switch
    {
        UnknownOptionError unknown => $"unknown flag --{unknown.Token} (see --help)",
        MissingValueOptionError missing => $"flag --{missing.NameInfo.LongName} needs a value",
        BadFormatConversionError bad => $"flag --{bad.NameInfo.LongName} has a bad value",
        RepeatedOptionError repeated => $"flag --{repeated.NameInfo.LongName} given more than once",
        _ => error.Tag.ToString(),
    };

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
