namespace Singer.Sdk.Targets;

/// <summary>
/// The one directory BATCH files may be read from: config <c>batch_config.storage.root</c> (the Meltano SDK's key), a
/// <c>file://</c> URI or a local path. Without it a BATCH is refused: a manifest is input like any other, and
/// <c>file:///etc/…/config.json</c> or <c>/dev/zero</c> must not become rows. A file is allowed only when its real
/// path (symlinks and <c>..</c> resolved) lies inside the root's real path and it is a regular file.
/// </summary>
internal sealed class BatchStorageRoot
{
    public const string ConfigKey = "batch_config.storage.root";

    private readonly string? _configured;

    private BatchStorageRoot(string? configured)
    {
        _configured = configured;
    }

    public static BatchStorageRoot From(PluginConfig config)
    {
        var storage = config.GetObject("batch_config")?.GetValueOrDefault("storage") as Dictionary<string, object?>;
        return new BatchStorageRoot(storage?.GetValueOrDefault("root") as string is { Length: > 0 } root ? root : null);
    }

    /// <summary>The real path of a manifest entry, checked against the root; a <see cref="ProtocolException"/> saying why not.</summary>
    public string Check(string localPath, long lineNumber, string stream)
    {
        var root = RealRoot(lineNumber, stream);
        var real = LocalFileSystem.RealPath(localPath)
            ?? throw new ProtocolException(lineNumber, $"cannot read batch file '{localPath}': it does not exist", stream);
        if (!real.StartsWith(root.EndsWith('/') ? root : root + "/", StringComparison.Ordinal))
        {
            throw new ProtocolException(lineNumber, $"batch file '{localPath}' is outside {ConfigKey} '{root}'; refused", stream);
        }
        if (LocalFileSystem.IsRegularFile(real) == false)
        {
            throw new ProtocolException(lineNumber, $"batch file '{localPath}' is not a regular file; refused", stream);
        }
        return real;
    }

    private string RealRoot(long lineNumber, string stream)
    {
        if (_configured is null)
        {
            throw new ProtocolException(lineNumber,
                $"BATCH refused: reading batch files is off; set {ConfigKey} in the target's config to the directory the tap writes them to",
                stream);
        }
        string path;
        if (_configured.Contains("://", StringComparison.Ordinal))
        {
            path = Uri.TryCreate(_configured, UriKind.Absolute, out var uri) && uri.IsFile && !uri.IsUnc
                ? uri.LocalPath
                : throw new ProtocolException(lineNumber, $"{ConfigKey} '{_configured}' is not a local file:// URI or path", stream);
        }
        else
        {
            path = Path.GetFullPath(_configured);
        }
        return LocalFileSystem.RealPath(path) is { } real && Directory.Exists(real)
            ? real
            : throw new ProtocolException(lineNumber, $"{ConfigKey} '{_configured}' is not an existing directory", stream);
    }
}
