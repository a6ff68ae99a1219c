using System.Text;
using SingerNet.Tests;
using TargetS3.Tests.Support;

namespace TargetS3.Tests;

/// <summary>Files larger than one part go up as multipart uploads, part by part, and arrive whole.</summary>
public sealed class MultipartTests
{
    [Fact]
    public async Task Upload_LargerThanTwoParts_UploadsPartsWhileWritingAndReadsBackIntact()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var options = TestConfig.Options(TestConfig.For(bucket.Name));
        var data = new byte[(2 * S3ObjectUpload.MinPartSize) + 123_457];
        new Random(42).NextBytes(data);
        await using var upload = new S3ObjectUpload(bucket.Client, options, "big.bin");

        for (var offset = 0; offset < data.Length; offset += 65_536)
        {
            await upload.WriteAsync(data.AsMemory(offset, Math.Min(65_536, data.Length - offset)));
        }
        var partsBeforeComplete = upload.PartCount;
        (await bucket.KeysAsync()).Should().BeEmpty("nothing is visible before the upload is completed");
        await upload.CompleteAsync(CancellationToken.None);

        partsBeforeComplete.Should().Be(2, "each full part is uploaded as soon as it is buffered");
        upload.PartCount.Should().Be(3);
        (await bucket.ReadAsync("big.bin")).Should().Equal(data);
    }

    [Fact]
    public async Task Upload_AbortedAfterAPart_LeavesNoObject()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var options = TestConfig.Options(TestConfig.For(bucket.Name));
        await using var upload = new S3ObjectUpload(bucket.Client, options, "partial.bin");
        await upload.WriteAsync(new byte[S3ObjectUpload.MinPartSize + 1]);
        upload.PartCount.Should().Be(1);

        await upload.AbortAsync();

        (await bucket.KeysAsync()).Should().BeEmpty();
    }

    [Fact]
    public async Task Upload_SmallFile_IsOnePutWithoutMultipart()
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var options = TestConfig.Options(TestConfig.For(bucket.Name));
        await using var upload = new S3ObjectUpload(bucket.Client, options, "small.txt");
        await upload.WriteAsync("hello"u8.ToArray());

        await upload.CompleteAsync(CancellationToken.None);

        upload.PartCount.Should().Be(0);
        (await bucket.ReadAsync("small.txt")).Should().Equal("hello"u8.ToArray());
    }

    [Theory]
    [InlineData("none")]
    [InlineData("gzip")]
    public async Task Run_FileOverOnePart_IsCompleteAndExact(string compression)
    {
        await using var bucket = await S3TestBucket.CreateAsync("s3");
        var stream = new SingerStream().Schema("big", """{"id":{"type":"integer"},"pad":{"type":"string"}}""");
        var expected = new StringBuilder();
        var random = new Random(7);
        for (var i = 1; i <= 70_000; i++)
        {
            // Random text, so that even gzipped the file is over one part (5 MiB).
            var pad = Convert.ToHexString(BitConverter.GetBytes(random.NextInt64())) + Convert.ToBase64String(Guid.NewGuid().ToByteArray()) + new string('x', i % 40)
                + Convert.ToBase64String(BitConverter.GetBytes(random.NextDouble())) + Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");
            var line = $$"""{"id":{{i}},"pad":"{{pad}}"}""";
            stream.Record("big", line);
            expected.Append(line).Append('\n');
        }

        var result = await TargetProcess.RunAsync(TestConfig.For(bucket.Name, new() { ["compression"] = compression }), stream.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        var key = (await bucket.KeysAsync()).Should().ContainSingle().Subject;
        (await bucket.ReadAsync(key)).Length.Should().BeGreaterThan(S3ObjectUpload.MinPartSize);
        (await bucket.TextAsync(key)).Should().Be(expected.ToString());
    }
}
