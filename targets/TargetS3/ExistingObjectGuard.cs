using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Singer.Sdk;

namespace TargetS3;

/// <summary>
/// target-s3 never replaces an object: a key that is already taken (another run's file with the same name) fails the
/// run instead. Two guards, because stores differ: every PUT and multipart completion says <c>If-None-Match: *</c>
/// (AWS S3 refuses it atomically with 412), and a HEAD just before catches it on stores that ignore that header
/// (s3rver, older MinIO) — there only a run writing the same key at the same moment can slip between the two.
/// </summary>
internal static class ExistingObjectGuard
{
    /// <summary>The value of If-None-Match on every write: "only if no object has this key".</summary>
    public const string IfNoneMatch = "*";

    /// <summary>Throws the one-line error when <paramref name="key"/> already holds an object.</summary>
    public static async Task EnsureAbsentAsync(IAmazonS3 s3, string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            // A write-only role (no s3:GetObject / s3:ListBucket) cannot ask; If-None-Match on the write still guards on AWS.
            return;
        }
        throw Exists(bucket, key);
    }

    /// <summary>True for the store's answer to If-None-Match when the key is taken (or being taken by a concurrent write).</summary>
    public static bool IsTaken(AmazonS3Exception ex) =>
        ex.StatusCode is HttpStatusCode.PreconditionFailed || ex.ErrorCode is "ConditionalRequestConflict";

    public static SingerException Exists(string bucket, string key) =>
        new($"s3://{bucket}/{key} already exists and target-s3 never replaces an object; another run wrote that key (give naming_convention a {{run_id}} or {{uuid}})");
}
