using System.Net;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using S3Access;
using Singer.Sdk;

namespace SingerRun.State;

/// <summary>
/// States as S3 objects in Meltano's layout: <c>s3://bucket/prefix</c> keeps <c>&lt;prefix&gt;/&lt;state_id&gt;/state.json</c>
/// holding <c>{"completed": …, "partial": …}</c>, so <c>meltano state get</c> with the same URI reads ours. A PUT replaces
/// an object whole, so a crash leaves the old state or the new one. The lock is <see cref="S3StateLock"/>.
/// Settings: the URI's user info (access key and secret, as Meltano's <c>s3://key:secret@bucket/prefix</c>), its query
/// (<c>endpoint_url</c>, <c>region</c>, <c>request_timeout</c>, <c>max_retries</c>, <c>lease_timeout</c>, <c>unsafe_lock</c>),
/// else Meltano's <c>MELTANO_STATE_BACKEND_S3_*</c> environment, else the AWS SDK's own chain (AWS_* variables, profile, role).
/// </summary>
internal sealed class S3StateBackend : IStateBackend
{
    public const int DefaultLeaseTimeoutSeconds = 60;
    private const string StateFileName = "state.json";
    private readonly S3Connection _connection;

    private S3StateBackend(string bucket, string prefix, S3Connection connection, int leaseTimeout, bool unsafeLock)
    {
        Bucket = bucket;
        Prefix = prefix;
        _connection = connection;
        LeaseTimeoutSeconds = leaseTimeout;
        UnsafeLock = unsafeLock;
        Client = S3ClientFactory.Create(connection);
    }

    public string Bucket { get; }

    /// <summary>Empty, or a folder ending in '/'.</summary>
    public string Prefix { get; }

    public IAmazonS3 Client { get; }

    public int LeaseTimeoutSeconds { get; }

    /// <summary>The user accepted a lock that is not atomic on a server that ignores If-None-Match.</summary>
    public bool UnsafeLock { get; }

    public string Label => $"s3://{Bucket}/{Prefix}" + (_connection.EndpointUrl is { } endpoint ? $" at {endpoint}" : "");

    public static S3StateBackend From(BackendUri uri)
    {
        uri.CheckSettings("endpoint_url", "region", "aws_access_key_id", "aws_secret_access_key", "request_timeout", "max_retries", "lease_timeout", "unsafe_lock");
        var accessKey = uri.User ?? uri.Setting("aws_access_key_id", "MELTANO_STATE_BACKEND_S3_AWS_ACCESS_KEY_ID");
        var secretKey = uri.Password ?? uri.Setting("aws_secret_access_key", "MELTANO_STATE_BACKEND_S3_AWS_SECRET_ACCESS_KEY");
        if ((accessKey is null) != (secretKey is null))
        {
            throw new ConfigurationException("S3 state backend: the access key id and the secret access key go together: set both or neither");
        }
        var endpoint = uri.Setting("endpoint_url", "MELTANO_STATE_BACKEND_S3_ENDPOINT_URL")
            ?? (Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_S3") is { Length: > 0 } aws ? aws : null);
        if (endpoint is not null && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"))
        {
            throw new ConfigurationException($"S3 state backend: endpoint_url must be an http:// or https:// URL, not '{endpoint}'");
        }
        var prefix = uri.Path;
        if (prefix.Split('/').Any(segment => segment is "." or ".."))
        {
            throw new ConfigurationException($"S3 state backend: the prefix must not have a '.' or '..' folder, not '{prefix}'");
        }
        var connection = new S3Connection(endpoint, uri.Setting("region"), accessKey, secretKey, null, null,
            uri.Seconds("request_timeout", S3RequestLimits.DefaultRequestTimeoutSeconds), MaxRetries(uri));
        return new S3StateBackend(uri.Uri.Host, prefix.Length == 0 ? "" : prefix + "/", connection,
            uri.Seconds("lease_timeout", DefaultLeaseTimeoutSeconds), uri.Flag("unsafe_lock", "SINGER_RUN_S3_UNSAFE_LOCK"));
    }

    private static int MaxRetries(BackendUri uri) => uri.Setting("max_retries") switch
    {
        null => S3RequestLimits.DefaultMaxRetries,
        var text when int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var retries) && retries is >= 0 and <= 100 => retries,
        var text => throw new ConfigurationException($"state backend setting 'max_retries' must be a number from 0 to 100, not '{text}'"),
    };

    public string Key(string stateId, string name) => $"{Prefix}{IStateBackend.CheckStateId(stateId)}/{name}";

    public async Task<StoredState?> GetAsync(string stateId, CancellationToken cancellationToken)
    {
        var key = Key(stateId, StateFileName);
        var text = await ReadTextAsync(key, cancellationToken);
        return text is null ? null : StoredState.Parse(ParseJson(text, key), $"stored state 's3://{Bucket}/{key}'");
    }

    public Task SetAsync(string stateId, StoredState state, CancellationToken cancellationToken) =>
        CallAsync($"write s3://{Bucket}/{Key(stateId, StateFileName)}", () => Client.PutObjectAsync(Put(Key(stateId, StateFileName), SingerJson.Serialize(state.ToJson())), cancellationToken), cancellationToken);

    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var ids = new List<string>();
        var request = new ListObjectsV2Request { BucketName = Bucket, Prefix = Prefix };
        ListObjectsV2Response response;
        do
        {
            response = await CallAsync($"list s3://{Bucket}/{Prefix}", () => Client.ListObjectsV2Async(request, cancellationToken), cancellationToken);
            foreach (var key in (response.S3Objects ?? []).Select(o => o.Key[Prefix.Length..]))
            {
                var slash = key.IndexOf('/', StringComparison.Ordinal);
                if (slash > 0 && key[(slash + 1)..] == StateFileName)
                {
                    ids.Add(key[..slash]);
                }
            }
            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
        return [.. ids.Order(StringComparer.Ordinal)];
    }

    public async Task<bool> ClearAsync(string stateId, CancellationToken cancellationToken)
    {
        var key = Key(stateId, StateFileName);
        if (await ReadTextAsync(key, cancellationToken) is null)
        {
            return false;
        }
        await CallAsync($"delete s3://{Bucket}/{key}", () => Client.DeleteObjectAsync(Bucket, key, cancellationToken), cancellationToken);
        return true;
    }

    public async Task<IAsyncDisposable> LockAsync(string stateId, CancellationToken cancellationToken)
    {
        var held = await S3StateLock.TakeAsync(this, IStateBackend.CheckStateId(stateId), cancellationToken);
        var meltanoLock = Key(stateId, MeltanoLock.Name);
        return await MeltanoLock.KeepBesideAsync(held, $"s3://{Bucket}/{meltanoLock}",
            (text, token) => CallAsync($"write s3://{Bucket}/{meltanoLock}", () => Client.PutObjectAsync(Put(meltanoLock, text), token), token),
            () => CallAsync($"delete s3://{Bucket}/{meltanoLock}", () => Client.DeleteObjectAsync(Bucket, meltanoLock, CancellationToken.None), CancellationToken.None),
            cancellationToken);
    }

    public PutObjectRequest Put(string key, string text) => new()
    {
        BucketName = Bucket,
        Key = key,
        ContentBody = text,
        ContentType = "application/json",
        UseChunkEncoding = false,
    };

    /// <summary>The object's text and ETag, or null when there is none.</summary>
    public async Task<(string Text, string ETag)?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Client.GetObjectAsync(Bucket, key, cancellationToken);
            using var reader = new StreamReader(response.ResponseStream, Encoding.UTF8);
            return (await reader.ReadToEndAsync(cancellationToken), response.ETag);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound && ex.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
        catch (Exception ex) when (S3RequestLimits.IsFailure(ex, cancellationToken))
        {
            throw Failure($"read s3://{Bucket}/{key}", ex);
        }
    }

    private async Task<string?> ReadTextAsync(string key, CancellationToken cancellationToken) => (await ReadAsync(key, cancellationToken))?.Text;

    public async Task<T> CallAsync<T>(string what, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception ex) when (ex is not AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed } && S3RequestLimits.IsFailure(ex, cancellationToken))
        {
            throw Failure(what, ex);
        }
    }

    private SingerException Failure(string what, Exception ex) =>
        new($"S3 state backend: could not {what} at {_connection.Where}: {S3RequestLimits.Describe(ex, _connection)}", ex);

    public static object? ParseJson(string text, string key)
    {
        try
        {
            return SingerJson.Parse(text);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or SingerException)
        {
            throw new SingerException($"S3 object '{key}' is not JSON: {ex.Message}", ex);
        }
    }
}
