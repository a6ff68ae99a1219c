namespace Singer.Sdk;

/// <summary>
/// A target: one <see cref="Sink"/> per stream, records batched by rows and bytes, every sink drained
/// before a STATE is passed on. <see cref="TargetRunner"/> gives it the standard command line.
/// </summary>
public abstract class Target
{
    public const long DefaultBatchRows = 100_000;
    public const long DefaultBatchBytes = 64L * 1024 * 1024;

    protected Target(PluginConfig config)
    {
        Config = config;
        BatchRows = Positive(config, "batch_size_rows", DefaultBatchRows);
        BatchBytes = Positive(config, "batch_size_bytes", DefaultBatchBytes);
    }

    protected internal PluginConfig Config { get; }

    /// <summary>Config <c>batch_size_rows</c>: a sink is drained when it holds this many records.</summary>
    public long BatchRows { get; }

    /// <summary>Config <c>batch_size_bytes</c>: ... or this many bytes of input lines.</summary>
    public long BatchBytes { get; }

    /// <summary>Config <c>max_line_bytes</c>: the longest input line read; a longer one stops the run naming its line number.</summary>
    public long MaxLineBytes => Config.GetLong(SingerReader.MaxLineBytesKey) switch
    {
        null => SingerReader.DefaultMaxLineBytes,
        >= 1 and var max => max,
        var max => throw new ConfigurationException($"config key '{SingerReader.MaxLineBytesKey}' must be at least 1, got {max}"),
    };

    /// <summary>Config <c>validate_records</c> (default true): check every record against its schema.</summary>
    public bool ValidateRecords => Config.GetBool("validate_records", true);

    /// <summary>
    /// True when every record must carry a non-null value for each key property of its stream (a warehouse merges on
    /// them): a record without one stops the run at its line, after the records before it are loaded. Default false (a
    /// data lake may take such records).
    /// </summary>
    protected internal virtual bool RequiresKeyProperties => false;

    /// <summary>Called once before the first message is read: connect here, so bad credentials fail at once.</summary>
    public virtual Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Makes the sink for a stream (also called again when a stream's schema changes).</summary>
    public abstract Task<Sink> CreateSinkAsync(SchemaMessage schema, CancellationToken cancellationToken);

    /// <summary>
    /// Called with every SCHEMA on the thread that parses the input, ahead of <see cref="CreateSinkAsync"/>: a target
    /// that can take a stream's records without a dictionary returns a transcoder for them (see <see cref="RecordTranscoder"/>),
    /// and its sink then gets records with <see cref="RecordMessage.Encoded"/> or <see cref="RecordMessage.Values"/> set
    /// (mixed with ordinary ones: the transcoder may decline any record). Must not touch state the sinks use. The default, null, keeps every record a dictionary.
    /// </summary>
    protected internal virtual RecordTranscoder? CreateRecordTranscoder(SchemaMessage schema) => null;

    /// <summary>Called once after the last sink is closed (close connections here).</summary>
    public virtual Task CloseAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A batch of 0 or fewer would load nothing or every record alone: the config is wrong, not a request.</summary>
    private static long Positive(PluginConfig config, string key, long defaultValue)
    {
        var value = config.GetLong(key, defaultValue);
        return value > 0 ? value : throw new ConfigurationException($"config key '{key}' must be a positive integer, got {value}");
    }

    /// <summary>The settings every target understands, to add to an executable's own.</summary>
    public static IReadOnlyList<SettingDefinition> CommonSettings { get; } =
    [
        new("batch_size_rows", "integer", "Records per stream buffered before they are loaded.", Default: DefaultBatchRows),
        new("batch_size_bytes", "integer", "Bytes of input per stream buffered before they are loaded.", Default: DefaultBatchBytes),
        new("validate_records", "boolean", "Check every record against its stream's schema; a bad record stops the run.", Default: true),
        new(SingerReader.MaxLineBytesKey, "integer", "Longest input line (one message) read, in bytes; a longer one stops the run naming its line.",
            Default: SingerReader.DefaultMaxLineBytes),
        new("batch_config", "object",
            "BATCH messages: storage.root (a file:// URI or path) is the only directory their files are read from; without it BATCH is refused."),
        .. Maps.StreamMapper.Settings(withFlattening: true),
    ];
}
