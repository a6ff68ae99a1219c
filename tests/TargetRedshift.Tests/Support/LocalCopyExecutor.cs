using System.IO.Compression;
using Amazon.S3;
using Amazon.S3.Model;
using Npgsql;

namespace TargetRedshift.Tests.Support;

/// <summary>
/// Stands in for Redshift's COPY so the whole path runs against PostgreSQL: it does what the cluster does
/// with the statement (list every object under the FROM prefix, decompress it when GZIP, parse it as CSV into
/// the staging table) with PostgreSQL's <c>COPY ... FROM STDIN (FORMAT CSV)</c>, inside the load's transaction.
/// What it does not emulate: copy_options (EMPTYASNULL, TRIMBLANKS, ...), credentials, REGION.
/// </summary>
internal sealed class LocalCopyExecutor(IAmazonS3 s3) : ICopyExecutor
{
    public List<CopyCommand> Commands { get; } = [];

    /// <summary>The keys each COPY loaded, in order.</summary>
    public List<IReadOnlyList<string>> LoadedKeys { get; } = [];

    public async Task CopyAsync(NpgsqlConnection connection, CopyCommand copy, CancellationToken cancellationToken)
    {
        Commands.Add(copy);
        var location = new Uri(copy.Batch.Location);
        var bucket = location.Host;
        var prefix = location.AbsolutePath.TrimStart('/');
        var listing = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix }, cancellationToken);
        var keys = (listing.S3Objects ?? []).Select(o => o.Key).Order(StringComparer.Ordinal).ToList();
        LoadedKeys.Add(keys);
        foreach (var key in keys)
        {
            using var response = await s3.GetObjectAsync(bucket, key, cancellationToken);
            await using var body = copy.Gzip ? new GZipStream(response.ResponseStream, CompressionMode.Decompress) : response.ResponseStream;
            using var csv = new StreamReader(body, System.Text.Encoding.UTF8);
            await using var import = await connection.BeginTextImportAsync(
                $"COPY {copy.Stage} ({string.Join(", ", copy.Columns)}) FROM STDIN (FORMAT CSV)", cancellationToken);
            var buffer = new char[1 << 16];
            for (var read = await csv.ReadAsync(buffer, cancellationToken); read > 0; read = await csv.ReadAsync(buffer, cancellationToken))
            {
                await import.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
    }
}
