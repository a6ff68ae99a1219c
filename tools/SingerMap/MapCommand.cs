using Singer.Sdk;
using Singer.Sdk.Maps;
using Singer.Sdk.Serialization;

namespace SingerMap;

/// <summary>
/// <c>tap | singer-map --config maps.json | target</c>: every message of stdin (or --input) goes through the config's
/// stream maps, in order, to stdout. STATE, ACTIVATE_VERSION and unknown messages keep their place; a STATE is
/// flushed at once, as a target expects.
/// </summary>
internal static class MapCommand
{
    public static AboutInfo About { get; } = new(
        "singer-map",
        "Applies Meltano stream maps (and flattening) to a Singer stream between any tap and any target.",
        ["about", "stream-maps"],
        [
            .. StreamMapper.Settings(withFlattening: true),
            new(SingerReader.MaxLineBytesKey, "integer", "Longest input line (one message) read, in bytes; a longer one stops the run naming its line.",
                Default: SingerReader.DefaultMaxLineBytes),
        ]);

    public static async Task<int> RunAsync(TargetOptions options, CancellationToken ct)
    {
        if (options.About)
        {
            await Console.Out.WriteLineAsync(About.Render(options.Format));
            return ExitCodes.Ok;
        }
        var config = await ConfigLoader.LoadAsync(options.Config, About.Settings, About.EnvironmentPrefixes, ct);
        var maps = StreamMapper.FromConfig(config);
        var maxLineBytes = config.GetLong(SingerReader.MaxLineBytesKey) ?? SingerReader.DefaultMaxLineBytes;
        if (maxLineBytes < 1)
        {
            throw new ConfigurationException($"config key '{SingerReader.MaxLineBytesKey}' must be at least 1, got {maxLineBytes}");
        }
        await using var input = options.Input is { } path ? TargetRunner.OpenInput(path) : Console.OpenStandardInput();
        await using var output = SingerWriter.ForStandardOutput();
        var reader = new SingerReader(input, maxLineBytes: maxLineBytes);
        await foreach (var line in reader.ReadAllAsync(ct))
        {
            if (maps is null)
            {
                await output.WriteAsync(line.Message, ct);
                continue;
            }
            IReadOnlyList<SingerMessage> mapped;
            try
            {
                mapped = maps.Map(line.Message);
            }
            catch (MapRuntimeException ex)
            {
                await output.FlushAsync(ct); // what came before the bad line is good: pass it on
                throw new ProtocolException(line.LineNumber, ex.Problem, ex.Stream, ex.Property);
            }
            foreach (var message in mapped)
            {
                await output.WriteAsync(message, ct);
            }
        }
        return ExitCodes.Ok;
    }
}
