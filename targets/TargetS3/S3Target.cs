using System.Net;
using System.Text;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Singer.Sdk;

namespace TargetS3;

/// <summary>Writes every stream as files in one bucket; remembers the files of the run for the manifest.</summary>
internal sealed class S3Target : Target, IDisposable
{
    private readonly Dictionary<string, int> _parts = new(StringComparer.Ordinal);
    private readonly List<string> _files = [];
    private readonly HashSet<S3Sink> _openSinks = [];
    private readonly DateTimeOffset _runStart;

    public S3Target(PluginConfig config, IAmazonS3? client = null)
        : this(config, client, DateTimeOffset.UtcNow)
    {
    }

    /// <param name="runStart">What {date} and {timestamp} show (tests pin it to start two runs "in the same second").</param>
    internal S3Target(PluginConfig config, IAmazonS3? client, DateTimeOffset runStart)
        : base(config)
    {
        Options = S3Options.From(config);
        Client = client ?? S3Access.S3ClientFactory.Create(Options.Connection);
        _runStart = runStart;
    }

    /// <summary>What {run_id} shows: the keys of two runs differ even when they start in the same second.</summary>
    public string RunId { get; } = ObjectNaming.NewRunId();

    public S3Options Options { get; }

    public IAmazonS3 Client { get; }

    /// <summary>Keys of the files completed so far, in order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Checks the bucket and the credentials before any input is read: a wrong key or bucket fails at once.</summary>
    public override async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            // ListObjects (v1): s3rver fails ListObjectsV2 with an internal error whenever MaxKeys truncates the listing.
            await Client.ListObjectsAsync(new ListObjectsRequest { BucketName = Options.Bucket, Prefix = Options.KeyPrefix, MaxKeys = 1 }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "AccessDenied")
        {
            // A writer may lack s3:ListBucket and still be allowed to put objects: the first upload will tell.
            Log.Warning($"cannot list s3://{Options.Bucket}/{Options.KeyPrefix} to check it (AccessDenied); continuing");
        }
        catch (AmazonS3Exception ex) when (ex.ErrorCode == "NoSuchBucket" || ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new ConfigurationException($"S3 bucket '{Options.Bucket}' does not exist{Where()}", ex);
        }
        catch (Exception ex) when (S3Access.S3RequestLimits.IsFailure(ex, cancellationToken))
        {
            throw new ConfigurationException($"cannot access S3 bucket '{Options.Bucket}'{Where()}: {S3Access.S3RequestLimits.Describe(ex, Options.Connection)}", ex);
        }
    }

    /// <summary>JSON Lines without metadata columns: records go from input bytes to file bytes without becoming dictionaries.</summary>
    protected override RecordTranscoder? CreateRecordTranscoder(SchemaMessage schema) =>
        Options.Format == FileFormat.Jsonl && Options.AddedColumns.Length == 0
            ? JsonRecordTranscoder.For(JsonSchema.Parse(schema.Schema), JsonlRecordEncoder.Escaping)
            : null;

    public override Task<Sink> CreateSinkAsync(SchemaMessage schema, CancellationToken cancellationToken)
    {
        var sink = new S3Sink(this, schema);
        _openSinks.Add(sink);
        return Task.FromResult<Sink>(sink);
    }

    public override async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (Options.Manifest)
        {
            await WriteManifestAsync(cancellationToken);
        }
    }

    /// <summary>The next file's key for a stream: {part} counts per stream over the whole run, across schema changes.</summary>
    public string NextKey(string stream)
    {
        var part = _parts.GetValueOrDefault(stream) + 1;
        _parts[stream] = part;
        return ObjectNaming.Key(Options, stream, _runStart, RunId, part);
    }

    /// <summary>Notes a completed file (from a background commit too: completions of one run are serialized, sinks may differ).</summary>
    public void Completed(PartFile file)
    {
        lock (_files)
        {
            _files.Add(file.Key);
        }
        Log.Info($"wrote s3://{Options.Bucket}/{file.Key}: {file.Rows} records, {file.Bytes} bytes before compression");
    }

    public void Forget(S3Sink sink) => _openSinks.Remove(sink);

    /// <summary>After a failure: drops every file still in progress. Never throws.</summary>
    public async Task AbortOpenFilesAsync()
    {
        foreach (var sink in _openSinks)
        {
            await sink.AbortAsync();
        }
        _openSinks.Clear();
    }

    public void Dispose() => Client.Dispose();

    private async Task WriteManifestAsync(CancellationToken ct)
    {
        var key = $"{Options.KeyPrefix}manifest-{ObjectNaming.Timestamp(_runStart)}-{RunId}.json";
        // Redshift's COPY manifest format; every file is mandatory, so a missing one fails the COPY instead of loading less.
        var manifest = new Dictionary<string, object?>
        {
            ["entries"] = _files.Select(f => (object?)new Dictionary<string, object?> { ["url"] = $"s3://{Options.Bucket}/{f}", ["mandatory"] = true }).ToList(),
        };
        using var body = new MemoryStream(Encoding.UTF8.GetBytes(SingerJson.Serialize(manifest)));
        var request = new PutObjectRequest
        {
            BucketName = Options.Bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            UseChunkEncoding = false,
            ContentType = "application/json",
            ServerSideEncryptionMethod = Options.EncryptionMethod,
            ServerSideEncryptionKeyManagementServiceKeyId = Options.EncryptionKeyId,
            IfNoneMatch = ExistingObjectGuard.IfNoneMatch,
        };
        try
        {
            await ExistingObjectGuard.EnsureAbsentAsync(Client, Options.Bucket, key, ct);
            await Client.PutObjectAsync(request, ct);
        }
        catch (AmazonS3Exception ex) when (ExistingObjectGuard.IsTaken(ex))
        {
            throw ExistingObjectGuard.Exists(Options.Bucket, key);
        }
        catch (Exception ex) when (S3Access.S3RequestLimits.IsFailure(ex, ct))
        {
            throw new SingerException($"cannot write the manifest s3://{Options.Bucket}/{key}{Where()}: {S3Access.S3RequestLimits.Describe(ex, Options.Connection)}", ex);
        }
        Log.Info($"wrote the manifest s3://{Options.Bucket}/{key} listing {_files.Count} file(s)");
    }

    private string Where() => Options.EndpointUrl is { } endpoint ? $" at {endpoint}" : Options.Region is { } region ? $" in {region}" : "";
}
