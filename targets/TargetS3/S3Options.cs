using Singer.Sdk;

namespace TargetS3;

/// <summary>
/// The settings, checked once when the target starts. Not a record: its generated ToString would print the
/// secret key and token.
/// </summary>
internal sealed class S3Options
{
    public required string Bucket { get; init; }

    /// <summary>Empty, or a folder ending in '/'.</summary>
    public required string KeyPrefix { get; init; }

    public required string NamingConvention { get; init; }

    public FileFormat Format { get; init; } = FileFormat.Jsonl;

    public bool Gzip { get; init; } = true;

    public char Delimiter { get; init; } = ',';

    public char QuoteChar { get; init; } = '"';

    /// <summary>0: no limit.</summary>
    public long MaxFileRows { get; init; }

    /// <summary>0: no limit.</summary>
    public long MaxFileBytes { get; init; }

    public bool Manifest { get; init; }

    public bool AddMetadataColumns { get; init; }

    /// <summary>
    /// Adds _sdc_table_version, the RECORD's version: a reader can drop the rows of a copy that a newer full copy
    /// (a higher version) superseded, which a file target cannot delete.
    /// </summary>
    public bool AddTableVersionColumn { get; init; }

    /// <summary>The columns this target adds after each record's own, in order.</summary>
    public string[] AddedColumns =>
        [.. AddMetadataColumns ? RecordEncoder.MetadataColumns : [], .. AddTableVersionColumn ? [RecordEncoder.TableVersion] : Array.Empty<string>()];

    public string? AccessKeyId { get; init; }

    public string? SecretAccessKey { get; init; }

    public string? SessionToken { get; init; }

    public string? Profile { get; init; }

    public string? Region { get; init; }

    public string? EndpointUrl { get; init; }

    public int RequestTimeoutSeconds { get; init; } = S3Access.S3RequestLimits.DefaultRequestTimeoutSeconds;

    public int MaxRetries { get; init; } = S3Access.S3RequestLimits.DefaultMaxRetries;

    /// <summary>The S3 part of these options, for the shared client factory.</summary>
    public S3Access.S3Connection Connection => new(EndpointUrl, Region, AccessKeyId, SecretAccessKey, SessionToken, Profile, RequestTimeoutSeconds, MaxRetries);

    /// <summary>Null, "SSE-S3" or "SSE-KMS".</summary>
    public string? Encryption { get; init; }

    public string? KmsKeyId { get; init; }

    /// <summary>What every object request says of <see cref="Encryption"/>: null leaves the bucket's default.</summary>
    public Amazon.S3.ServerSideEncryptionMethod? EncryptionMethod => Encryption switch
    {
        "SSE-S3" => Amazon.S3.ServerSideEncryptionMethod.AES256,
        "SSE-KMS" => Amazon.S3.ServerSideEncryptionMethod.AWSKMS,
        _ => null,
    };

    /// <summary>The KMS key sent with SSE-KMS requests (null otherwise, or for the account's default key).</summary>
    public string? EncryptionKeyId => Encryption is "SSE-KMS" ? KmsKeyId : null;

    /// <summary>Parquet compresses inside the file (its GZIP codec), so its name never ends in .gz.</summary>
    public string Extension => Format switch
    {
        FileFormat.Parquet => "parquet",
        FileFormat.Csv => Gzip ? "csv.gz" : "csv",
        _ => Gzip ? "jsonl.gz" : "jsonl",
    };

    public static S3Options From(PluginConfig config)
    {
        var format = Lower(config, "format") ?? "jsonl";
        if (format is not ("jsonl" or "csv" or "parquet"))
        {
            throw new ConfigurationException($"config key 'format' must be jsonl, csv or parquet, not '{format}'");
        }
        var compression = Lower(config, "compression") ?? "gzip";
        if (compression is not ("gzip" or "none"))
        {
            throw new ConfigurationException($"config key 'compression' must be gzip or none, not '{compression}'");
        }
        var encryption = Optional(config, "encryption")?.ToUpperInvariant();
        if (encryption is not (null or "SSE-S3" or "SSE-KMS"))
        {
            throw new ConfigurationException($"config key 'encryption' must be SSE-S3 or SSE-KMS, not '{encryption}'");
        }
        var kmsKey = Optional(config, "kms_key_id");
        if (kmsKey is not null && encryption != "SSE-KMS")
        {
            throw new ConfigurationException("config key 'kms_key_id' needs 'encryption': 'SSE-KMS'");
        }
        var accessKey = Optional(config, "aws_access_key_id");
        var secretKey = Optional(config, "aws_secret_access_key");
        if ((accessKey is null) != (secretKey is null))
        {
            throw new ConfigurationException("config keys 'aws_access_key_id' and 'aws_secret_access_key' go together: set both or neither");
        }
        var naming = Optional(config, "naming_convention") ?? S3Settings.DefaultNamingConvention;
        ObjectNaming.Check(naming);
        var delimiter = OneChar(config, "delimiter", ',');
        var quote = OneChar(config, "quotechar", '"');
        if (delimiter == quote || delimiter is '\r' or '\n' || quote is '\r' or '\n')
        {
            throw new ConfigurationException("config keys 'delimiter' and 'quotechar' must differ and must not be a line break");
        }
        var prefix = (Optional(config, "s3_key_prefix") ?? "").TrimStart('/');
        if (prefix.Split('/', '\\').Any(segment => segment is "." or ".."))
        {
            throw new ConfigurationException($"config key 's3_key_prefix' must not have a '.' or '..' folder, not '{prefix}'");
        }
        return new S3Options
        {
            Bucket = Optional(config, "s3_bucket") ?? throw new ConfigurationException("config key 's3_bucket' is required"),
            KeyPrefix = prefix.Length == 0 || prefix.EndsWith('/') ? prefix : prefix + "/",
            NamingConvention = naming,
            Format = format switch
            {
                "csv" => FileFormat.Csv,
                "parquet" => FileFormat.Parquet,
                _ => FileFormat.Jsonl,
            },
            Gzip = compression == "gzip",
            Delimiter = delimiter,
            QuoteChar = quote,
            MaxFileRows = NonNegative(config, "max_file_rows"),
            MaxFileBytes = NonNegative(config, "max_file_bytes"),
            Manifest = config.GetBool("manifest", false),
            AddMetadataColumns = config.GetBool("add_metadata_columns", false),
            AddTableVersionColumn = config.GetBool("add_table_version_column", false),
            AccessKeyId = accessKey,
            SecretAccessKey = secretKey,
            SessionToken = Optional(config, "aws_session_token"),
            Profile = Optional(config, "aws_profile"),
            Region = Optional(config, "region"),
            EndpointUrl = S3Access.S3RequestLimits.EndpointUrl(config),
            RequestTimeoutSeconds = S3Access.S3RequestLimits.RequestTimeoutSeconds(config),
            MaxRetries = S3Access.S3RequestLimits.MaxRetries(config),
            Encryption = encryption,
            KmsKeyId = kmsKey,
        };
    }

    private static string? Optional(PluginConfig config, string key) => config.GetString(key) is { Length: > 0 } value ? value.Trim() : null;

    private static string? Lower(PluginConfig config, string key) => Optional(config, key)?.ToLowerInvariant();

    private static char OneChar(PluginConfig config, string key, char defaultValue) => config.GetString(key) switch
    {
        null => defaultValue,
        { Length: 1 } value => value[0],
        var value => throw new ConfigurationException($"config key '{key}' must be one character, not '{value}'"),
    };

    private static long NonNegative(PluginConfig config, string key) => config.GetLong(key, 0) switch
    {
        < 0 => throw new ConfigurationException($"config key '{key}' must not be negative"),
        var value => value,
    };
}
