using System.Text;
using System.Text.RegularExpressions;
using Singer.Sdk;
using TargetRedshift.Tests.Support;
using Warehouse;

namespace TargetRedshift.Tests;

/// <summary>
/// Staging against the local s3rver: every object is read back and compared byte for byte with what the
/// target wrote (an S3 client misconfigured for a non-AWS store uploads chunk-signed bodies that corrupt them).
/// </summary>
public sealed partial class S3StagingTests : IAsyncLifetime
{
    private S3TestBucket _bucket = null!;

    public async Task InitializeAsync() => _bucket = await S3TestBucket.CreateAsync("rs");

    public async Task DisposeAsync() => await _bucket.DisposeAsync();

    [Fact]
    public async Task UploadAsync_GzipOneSlice_ObjectIsByteForByteTheWrittenFile()
    {
        var (shape, rows) = Rows(5);
        await using var dialect = SqlOnlyDialect.Create();
        await using var batch = await StageAsync(dialect, shape, rows, slices: 1, gzip: true);
        using var staging = Staging(new() { ["s3_key_prefix"] = "staging" });

        var files = await staging.UploadAsync("orders", batch.Slices, CancellationToken.None);

        var file = files.Files.Should().ContainSingle().Which;
        file.Key.Should().MatchRegex(KeyPattern("staging/", "orders", 1, ".csv.gz"));
        file.Rows.Should().Be(5);
        var stored = await _bucket.ReadAsync(file.Key);
        stored.Should().Equal(Expected(shape, rows, 0, 1, gzip: true), "the object must hold exactly the gzip file written");
        file.Bytes.Should().Be(stored.Length);
        S3TestBucket.Gunzip(stored).Should().Be(Csv(shape, rows, 0, 1)).And.EndWith(",5\n", "each line ends with the row's sequence number");
    }

    [Fact]
    public async Task UploadAsync_ThreeSlicesTenRows_EvenFilesUnderOneCommonPrefix()
    {
        var (shape, rows) = Rows(10);
        await using var dialect = SqlOnlyDialect.Create();
        await using var batch = await StageAsync(dialect, shape, rows, slices: 3, gzip: true);
        using var staging = Staging(new() { ["s3_key_prefix"] = "runs/2024/" });

        var files = await staging.UploadAsync("orders", batch.Slices, CancellationToken.None);

        files.KeyPrefix.Should().MatchRegex(@"^runs/2024/orders_\d{8}T\d{13}Z_$");
        files.Location.Should().Be($"s3://{_bucket.Name}/{files.KeyPrefix}");
        files.Files.Select(f => f.Key).Should().Equal(files.KeyPrefix + "1.csv.gz", files.KeyPrefix + "2.csv.gz", files.KeyPrefix + "3.csv.gz");
        files.Files.Select(f => f.Rows).Should().Equal(4, 3, 3);
        (await _bucket.KeysAsync(files.KeyPrefix)).Should().Equal(files.Files.Select(f => f.Key), "COPY loads every object under the prefix: only this batch's");
        for (var i = 0; i < 3; i++)
        {
            var stored = await _bucket.ReadAsync(files.Files[i].Key);
            files.Files[i].Bytes.Should().Be(stored.Length);
            stored.Should().Equal(Expected(shape, rows, i, 3, gzip: true));
        }
    }

    [Fact]
    public async Task UploadAsync_MoreSlicesThanRows_OnlyFilesWithRows()
    {
        var (shape, rows) = Rows(2);
        await using var dialect = SqlOnlyDialect.Create();
        await using var batch = await StageAsync(dialect, shape, rows, slices: 8, gzip: true);
        using var staging = Staging([]);

        var files = await staging.UploadAsync("orders", batch.Slices, CancellationToken.None);

        files.Files.Select(f => f.Rows).Should().Equal(1, 1);
        (await _bucket.KeysAsync()).Should().HaveCount(2);
    }

    [Fact]
    public async Task UploadAsync_CompressionNone_PlainCsvObjects()
    {
        var (shape, rows) = Rows(4);
        await using var dialect = SqlOnlyDialect.Create();
        await using var batch = await StageAsync(dialect, shape, rows, slices: 2, gzip: false);
        using var staging = Staging(new() { ["compression"] = "none" });

        var files = await staging.UploadAsync("orders", batch.Slices, CancellationToken.None);

        files.Files.Select(f => f.Key).Should().AllSatisfy(k => k.Should().EndWith(".csv"));
        (await _bucket.ReadAsync(files.Files[0].Key)).Should().Equal(Encoding.UTF8.GetBytes(Csv(shape, rows, 0, 2)));
        (await _bucket.ReadAsync(files.Files[1].Key)).Should().Equal(Encoding.UTF8.GetBytes(Csv(shape, rows, 1, 2)));
    }

    [Fact]
    public async Task UploadAsync_LargeBatch_SurvivesUploadIntact()
    {
        // Large enough for the SDK to stream the body in many buffers: where chunked signing would corrupt it.
        var (shape, rows) = Rows(20_000);
        await using var dialect = SqlOnlyDialect.Create();
        await using var batch = await StageAsync(dialect, shape, rows, slices: 2, gzip: false);
        using var staging = Staging(new() { ["compression"] = "none" });

        var files = await staging.UploadAsync("orders", batch.Slices, CancellationToken.None);

        var stored = await _bucket.ReadAsync(files.Files[1].Key);
        stored.Length.Should().BeGreaterThan(1 << 20);
        stored.Should().Equal(Expected(shape, rows, 1, 2, gzip: false));
    }

    [Fact]
    public async Task DeleteAsync_AfterUpload_RemovesTheBatchAndNothingElse()
    {
        var (shape, rows) = Rows(6);
        await using var dialect = SqlOnlyDialect.Create();
        await using var batch = await StageAsync(dialect, shape, rows, slices: 3, gzip: true);
        using var staging = Staging([]);
        await _bucket.Client.PutObjectAsync(new Amazon.S3.Model.PutObjectRequest { BucketName = _bucket.Name, Key = "unrelated.txt", ContentBody = "keep me", UseChunkEncoding = false });
        var files = await staging.UploadAsync("orders", batch.Slices, CancellationToken.None);
        (await _bucket.KeysAsync()).Should().HaveCount(4);

        await staging.DeleteAsync(files);

        (await _bucket.KeysAsync()).Should().Equal("unrelated.txt");
    }

    [Fact]
    public async Task UploadAsync_MissingBucket_FailsWithOneClearLine()
    {
        var (shape, rows) = Rows(1);
        await using var dialect = SqlOnlyDialect.Create();
        await using var batch = await StageAsync(dialect, shape, rows, slices: 1, gzip: true);
        var options = TestConfig.Options(TestConfig.S3("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]));
        using var staging = S3Staging.Create(options);

        var act = () => staging.UploadAsync("orders", batch.Slices, CancellationToken.None);

        (await act.Should().ThrowAsync<SingerException>()).Which.Message.Should()
            .StartWith($"cannot upload the staged file s3://{options.Bucket}/orders_").And.Contain("bucket does not exist").And.NotContain("\n");
    }

    [Fact]
    public async Task CopyCredentialsAsync_KeysWithToken_AreTheUploadKeys()
    {
        using var staging = Staging(new() { ["aws_session_token"] = "token-value-123" });

        var credentials = await staging.CopyCredentialsAsync();

        credentials.Sql(redacted: false).Should().Be(
            $"ACCESS_KEY_ID '{SingerNet.Tests.ServiceEnvironment.S3AccessKey}' SECRET_ACCESS_KEY '{SingerNet.Tests.ServiceEnvironment.S3SecretKey}' SESSION_TOKEN 'token-value-123'");
    }

    [Fact]
    public async Task CopyCredentialsAsync_RoleArn_IsTheRoleEvenWithKeys()
    {
        using var staging = Staging(new() { ["aws_redshift_copy_role_arn"] = "arn:aws:iam::123456789012:role/copy" });

        (await staging.CopyCredentialsAsync()).Sql(redacted: false).Should().Be("IAM_ROLE 'arn:aws:iam::123456789012:role/copy'");
    }

    private S3Staging Staging(Dictionary<string, object?> extra) => S3Staging.Create(Options(extra));

    private RedshiftOptions Options(Dictionary<string, object?> extra) => TestConfig.Options(TestConfig.S3(_bucket.Name, extra));

    /// <summary>The rows staged as the target stages them: a batch writing each row, with its sequence number, to the next slice.</summary>
    private static async Task<RedshiftStagedBatch> StageAsync(RedshiftDialect dialect, TableShape shape, List<object?[]> rows, int slices, bool gzip)
    {
        var batch = new RedshiftStagedBatch(dialect, "public", "orders", shape, hardDelete: false, slices, gzip);
        foreach (var row in rows)
        {
            await batch.WriteAsync(row, CancellationToken.None);
        }
        return batch;
    }

    private static (TableShape Shape, List<object?[]> Rows) Rows(int count)
    {
        var shape = Shapes.Shape(Shapes.Schema("orders", Shapes.AllKindsSchema, "id"));
        var rows = Enumerable.Range(1, count).Select(i => RowBuilder.BuildRow(Shapes.Record("orders",
            $$"""{"id":{{i}},"Name":"row {{i}}, \"quoted\"\nnext ✓","amount":{{i}}.0000000001,"active":{{(i % 2 == 0 ? "true" : "false")}},"updated_at":"2024-05-06T07:08:09.123456Z","tags":{"i":{{i}} } }"""),
            shape, "orders", DateTime.UnixEpoch, i)).ToList();
        return (shape, rows);
    }

    /// <summary>What slice <paramref name="index"/> of <paramref name="slices"/> must hold: every slices-th row from index, encoded alone.</summary>
    private static byte[] Expected(TableShape shape, List<object?[]> rows, int index, int slices, bool gzip)
    {
        using var bytes = new MemoryStream();
        using (var slice = new SliceFile(bytes, gzip))
        {
            for (var i = index; i < rows.Count; i += slices)
            {
                slice.Append(rows[i], shape.Columns, "orders");
            }
            slice.Finish();
            return bytes.ToArray();
        }
    }

    private static string Csv(TableShape shape, List<object?[]> rows, int index, int slices) => Encoding.UTF8.GetString(Expected(shape, rows, index, slices, gzip: false));

    private static string KeyPattern(string prefix, string table, int n, string extension) =>
        $"^{Regex.Escape(prefix)}{table}_\\d{{8}}T\\d{{13}}Z_{n}{Regex.Escape(extension)}$";
}
