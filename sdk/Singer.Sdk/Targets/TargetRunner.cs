namespace Singer.Sdk;

/// <summary>The standard target command line: --about, or load the Singer stream from stdin (or --input).</summary>
public static class TargetRunner
{
    public static Task<int> RunAsync(string[] args, AboutInfo about, Func<PluginConfig, Target> createTarget) =>
        CommandLineRunner.RunAsync<TargetOptions>(args, async (options, ct) =>
        {
            if (options.About)
            {
                await Console.Out.WriteLineAsync(about.Render(options.Format));
                return ExitCodes.Ok;
            }
            var config = await ConfigLoader.LoadAsync(options.Config, about.Settings, about.EnvironmentPrefixes, ct);
            var target = createTarget(config);
            await using var input = options.Input is { } path ? OpenInput(path) : Console.OpenStandardInput();
            await using var output = Serialization.StandardOutputStream.Open();
            await ProcessAsync(target, input, output, ct);
            return ExitCodes.Ok;
        });

    /// <summary>Loads every message of <paramref name="input"/> into <paramref name="target"/>, writing states to <paramref name="output"/>.</summary>
    public static async Task ProcessAsync(Target target, Stream input, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new SingerWriter(output);
        var maps = Maps.StreamMapper.FromConfig(target.Config);
        using var driver = new Targets.TargetDriver(target, writer, maps);
        Func<SchemaMessage, RecordTranscoder?> createTranscoder = target.RequiresKeyProperties
            ? schema => target.CreateRecordTranscoder(Targets.KeyPropertyCheck.ForTranscoding(schema))
            : target.CreateRecordTranscoder;
        if (maps is not null)
        {
            // A mapped stream's records are mapped from their bytes, then transcoded for the mapped schema.
            var transcodeUnmapped = createTranscoder;
            createTranscoder = schema => maps.PassesThrough(schema.Stream) ? transcodeUnmapped(schema) : maps.TranscoderFor(schema, transcodeUnmapped);
        }
        // The input is read on the driver's parsing thread, which may block in reads (see BlockingReadStream).
        var reader = new SingerReader(new Serialization.BlockingReadStream(input), createTranscoder: createTranscoder, maxLineBytes: target.MaxLineBytes);
        await driver.RunAsync(reader, cancellationToken);
    }

    /// <summary>Opens <c>--input FILE</c> for a sequential read; a missing, unreadable or directory path is a <see cref="ConfigurationException"/>.</summary>
    public static FileStream OpenInput(string path)
    {
        if (Directory.Exists(path))
        {
            throw new ConfigurationException($"--input '{path}' is a directory, not a file");
        }
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"cannot read input file '{path}': {ex.Message}", ex);
        }
    }
}
