using System.Globalization;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using Amazon.S3;
using Amazon.S3.Model;
using Singer.Sdk;

namespace TargetRedshift;

/// <summary>
/// Stages batches in S3: a batch's <c>slices</c> CSV files (gzip by default) are uploaded in parallel as
/// <c>{s3_key_prefix}{table}_{UTC timestamp}_{n}.csv.gz</c>, and deleted after the load.
/// </summary>
internal sealed class S3Staging : IDisposable
{
    private const int MaxKeysPerDelete = 1000;
    private readonly IAmazonS3 _s3;
    private readonly AWSCredentials _credentials;
    private readonly RedshiftOptions _options;

    private S3Staging(IAmazonS3 s3, AWSCredentials credentials, RedshiftOptions options)
    {
        _s3 = s3;
        _credentials = credentials;
        _options = options;
    }

    /// <summary>The client the files go through (tests read them back with it).</summary>
    public IAmazonS3 Client => _s3;

    public static S3Staging Create(RedshiftOptions options)
    {
        var config = S3Access.S3ClientFactory.ClientConfig(options.Connection);
        var credentials = S3Access.S3ClientFactory.Credentials(options.Connection, config);
        return new S3Staging(new AmazonS3Client(credentials, config), credentials, options);
    }

    /// <summary>How COPY reads the files: the configured IAM role, else the same keys the files were uploaded with.</summary>
    public async Task<CopyCredentials> CopyCredentialsAsync()
    {
        if (_options.CopyRoleArn is { } role)
        {
            return CopyCredentials.Role(role);
        }
        // Resolved per batch: temporary credentials from a profile or an instance role are refreshed by the SDK.
        var keys = await _credentials.GetCredentialsAsync();
        SecretRedactor.Register(keys.SecretKey);
        SecretRedactor.Register(keys.Token);
        return CopyCredentials.Keys(keys.AccessKey, keys.SecretKey, keys.UseToken ? keys.Token : null);
    }

    /// <summary>Uploads a batch's slice files in parallel under one fresh key prefix; on failure, removes whatever was uploaded.</summary>
    public async Task<S3Batch> UploadAsync(string table, IReadOnlyList<SliceFile> slices, CancellationToken cancellationToken)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmssfffffff'Z'", CultureInfo.InvariantCulture);
        var prefix = $"{_options.KeyPrefix}{table}_{stamp}_";
        var extension = _options.Gzip ? ".csv.gz" : ".csv";
        var uploads = slices.Select((slice, i) => UploadFileAsync($"{prefix}{i + 1}{extension}", slice, cancellationToken)).ToArray();
        try
        {
            return new S3Batch(_options.Bucket, prefix, await Task.WhenAll(uploads));
        }
        catch
        {
            await DeleteAsync(new S3Batch(_options.Bucket, prefix, [.. uploads.Where(u => u.IsCompletedSuccessfully).Select(u => u.Result)]));
            throw;
        }
    }

    private async Task<StagedFile> UploadFileAsync(string key, SliceFile slice, CancellationToken ct)
    {
        var file = slice.Finish();
        var request = new PutObjectRequest
        {
            BucketName = _options.Bucket,
            Key = key,
            InputStream = file,
            AutoCloseStream = false,
            UseChunkEncoding = false,
            ContentType = _options.Gzip ? "application/gzip" : "text/csv",
        };
        if (_options.Acl is { } acl)
        {
            request.CannedACL = S3CannedACL.FindValue(acl);
        }
        try
        {
            await _s3.PutObjectAsync(request, ct);
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException)
        {
            throw new SingerException($"cannot upload the staged file s3://{_options.Bucket}/{key}: {ex.Message}", ex);
        }
        return new StagedFile(key, slice.Rows, file.Length);
    }

    /// <summary>Deletes the batch's files. Best effort: a file left behind costs storage, not correctness, so failures are warnings.</summary>
    public async Task DeleteAsync(S3Batch batch)
    {
        foreach (var chunk in batch.Files.Chunk(MaxKeysPerDelete))
        {
            try
            {
                var response = await _s3.DeleteObjectsAsync(new DeleteObjectsRequest
                {
                    BucketName = batch.Bucket,
                    Objects = [.. chunk.Select(f => new KeyVersion { Key = f.Key })],
                    Quiet = true,
                }, CancellationToken.None);
                foreach (var error in response.DeleteErrors ?? [])
                {
                    Log.Warning($"could not delete the staged file s3://{batch.Bucket}/{error.Key}: {error.Code} {error.Message}");
                }
            }
            catch (Exception ex)
            {
                // Any failure, not only S3's: this runs in a finally, and must never replace the load's own error.
                Log.Warning($"could not delete the staged files {batch.Location}*: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    public void Dispose() => _s3.Dispose();
}
