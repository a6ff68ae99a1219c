using System.IO.Compression;
using Amazon.S3;
using Amazon.S3.Model;
using S3Access;

namespace SingerNet.Tests;

/// <summary>
/// A fresh bucket on the local s3rver for one test, emptied and removed afterwards. Its client is built by
/// the same factory the targets use, so objects are read back the way a target wrote them.
/// </summary>
public sealed class S3TestBucket : IAsyncDisposable
{
    private S3TestBucket(string name, IAmazonS3 client)
    {
        Name = name;
        Client = client;
    }

    public string Name { get; }

    public IAmazonS3 Client { get; }

    public static async Task<S3TestBucket> CreateAsync(string prefix)
    {
        var name = $"{prefix}-test-{Guid.NewGuid():N}"[..30];
        var connection = new S3Connection(ServiceEnvironment.S3Endpoint, "us-east-1", ServiceEnvironment.S3AccessKey, ServiceEnvironment.S3SecretKey, null, null);
        var client = S3ClientFactory.Create(connection);
        await client.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return new S3TestBucket(name, client);
    }

    public async Task<IReadOnlyList<string>> KeysAsync(string prefix = "")
    {
        var response = await Client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = Name, Prefix = prefix });
        return (response.S3Objects ?? []).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
    }

    public async Task<byte[]> ReadAsync(string key)
    {
        using var response = await Client.GetObjectAsync(Name, key);
        using var bytes = new MemoryStream();
        await response.ResponseStream.CopyToAsync(bytes);
        return bytes.ToArray();
    }

    /// <summary>The object's text, gunzipped when its key ends in .gz.</summary>
    public async Task<string> TextAsync(string key)
    {
        var bytes = await ReadAsync(key);
        return key.EndsWith(".gz", StringComparison.Ordinal) ? Gunzip(bytes) : System.Text.Encoding.UTF8.GetString(bytes);
    }

    public static string Gunzip(byte[] bytes)
    {
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var text = new StreamReader(gzip, System.Text.Encoding.UTF8);
        return text.ReadToEnd();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var key in await KeysAsync())
        {
            await Client.DeleteObjectAsync(Name, key);
        }
        await Client.DeleteBucketAsync(Name);
        Client.Dispose();
    }
}
