using System.Text;
using Singer.Sdk;
using TargetRedshift;
using TargetRedshift.Tests.Support;

namespace StandardTargetTests;

/// <summary>
/// target-redshift in-process on its stand-in, as its own end-to-end tests run it: PostgreSQL for the cluster, s3rver
/// for the staging bucket, the COPY done by <see cref="LocalCopyExecutor"/>. The error is the message the executable's
/// edge would print.
/// </summary>
public sealed class RedshiftStandardTarget : IStandardTarget
{
    private const string Schema = "standard";
    private PgTestDatabase? _database;
    private S3TestBucket? _bucket;

    public string Name => "redshift";

    public async Task<TargetRun> RunAsync(string stream)
    {
        _database ??= await PgTestDatabase.CreateAsync();
        _bucket ??= await S3TestBucket.CreateAsync("rs");
        var values = TestConfig.S3(_bucket.Name, new() { ["default_target_schema"] = Schema, ["primary_key_required"] = false });
        foreach (var (key, value) in _database.ConnectionConfig())
        {
            values[key] = value;
        }
        var target = new RedshiftTarget(TestConfig.Load(values, registerSecrets: false), new LocalCopyExecutor(_bucket.Client));
        await using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(stream));
        await using var stdout = new MemoryStream();
        string? error = null;
        try
        {
            await TargetRunner.ProcessAsync(target, stdin, stdout, CancellationToken.None);
        }
        catch (SingerException ex)
        {
            error = ex.Message;
        }
        return new TargetRun(error is null ? 0 : 1, StandardRun.StateValues(Encoding.UTF8.GetString(stdout.ToArray())), error);
    }

    public async Task<IReadOnlyList<string?[]>> RowsAsync(string stream, IReadOnlyList<string> fields)
    {
        var table = WarehouseStandardTarget.Identifier(stream);
        var rows = await _database!.QueryAsync(
            $"SELECT {string.Join(", ", fields.Select(f => $"(\"{WarehouseStandardTarget.Identifier(f)}\")::text"))} FROM \"{Schema}\".\"{table}\"");
        return rows.Select(r => r.Select(TextValue.Normalize).ToArray()).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        if (_bucket is not null)
        {
            await _bucket.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
