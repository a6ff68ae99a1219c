using System.IO.Compression;
using Amazon.S3;
using Amazon.S3.Model;

namespace TargetS3.Tests.Support;

/// <summary>A fresh bucket on the local s3rver for one test, emptied and removed afterwards.</summary>
internal sealed class S3TestBucket : IAsyncDisposable
{
    private S3TestBucket(string name, IAmazonS3 client)
    {
        Name = name;
        Client = client;
    }

    public string Name { get; }

    /// <summary>A client configured exactly as target-s3 configures its own.</summary>
    public IAmazonS3 Client { get; }

    public static async Task<S3TestBucket> CreateAsync()
    {
        var name = $"s3-test-{Guid.NewGuid():N}"[..30];
        var client = S3Access.S3ClientFactory.Create(TestConfig.Options(TestConfig.For(name)).Connection);
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
        if (!key.EndsWith(".gz", StringComparison.Ordinal))
        {
            return System.Text.Encoding.UTF8.GetString(bytes);
        }
        await using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var text = new StreamReader(gzip, System.Text.Encoding.UTF8);
        return await text.ReadToEndAsync();
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
