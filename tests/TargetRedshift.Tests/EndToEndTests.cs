using System.Text;
using Singer.Sdk;
using TargetRedshift.Tests.Support;

namespace TargetRedshift.Tests;

/// <summary>
/// The whole target in-process (TargetRunner.ProcessAsync) against PostgreSQL standing in for Redshift and s3rver
/// for S3: files staged and read back from S3, the COPY step replaced by <see cref="LocalCopyExecutor"/>, then the
/// real staging table, merge, commit, STATE and cleanup.
/// </summary>
[Collection(GlobalStateCollection.Name)]
public sealed class EndToEndTests : IAsyncLifetime
{
    private PgTestDatabase _database = null!;
    private S3TestBucket _bucket = null!;

    public async Task InitializeAsync()
    {
        _database = await PgTestDatabase.CreateAsync();
        _bucket = await S3TestBucket.CreateAsync("rs");
    }

    public async Task DisposeAsync()
    {
        await _bucket.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task ProcessAsync_TwoBatchesWithUpdates_UpsertsByKeyEmitsStatesAndDeletesStagedFiles()
    {
        var secret = TestConfig.UnregisteredSecret("secret");
        var token = TestConfig.UnregisteredSecret("token");
        var input = Lines(
            $$"""{"type":"SCHEMA","stream":"shop-orders","schema":{{Shapes.AllKindsSchema.ReplaceLineEndings("")}},"key_properties":["id"]}""",
            """{"type":"RECORD","stream":"shop-orders","record":{"id":1,"Name":"He said \"hi\", then\nleft ✓ 😀","amount":-1234567890123456789012345678.0123456789,"ratio":0.1,"active":true,"born":"2024-02-29","at":"23:59:59.999999","updated_at":"2024-01-02T03:04:05.123456+02:00","tags":{"a":[1,2.5],"s":"x,\"y\""}}}""",
            """{"type":"RECORD","stream":"shop-orders","record":{"id":2,"Name":"first","amount":1}}""",
            """{"type":"RECORD","stream":"shop-orders","record":{"id":3,"Name":"","amount":0.0000000001}}""",
            """{"type":"RECORD","stream":"shop-orders","record":{"id":4}}""",
            """{"type":"STATE","value":{"bookmarks":{"shop-orders":{"id":4}}}}""",
            """{"type":"RECORD","stream":"shop-orders","record":{"id":5,"Name":"five","active":false}}""",
            """{"type":"RECORD","stream":"shop-orders","record":{"id":2,"Name":"second","amount":2}}""",
            """{"type":"RECORD","stream":"shop-orders","record":{"id":6,"Name":"six"}}""",
            """{"type":"RECORD","stream":"shop-orders","record":{"id":2,"Name":"third","amount":3.5}}""",
            """{"type":"STATE","value":{"bookmarks":{"shop-orders":{"id":6}}}}""");
        var config = Config(new()
        {
            ["default_target_schema"] = "sales",
            ["s3_key_prefix"] = "staging",
            ["slices"] = 3L,
            ["batch_size_rows"] = 4L,
            ["aws_secret_access_key"] = secret,
            ["aws_session_token"] = token,
        });
        var copy = new LocalCopyExecutor(_bucket.Client);
        using var log = new LogCapture();

        var states = await RunAsync(new RedshiftTarget(config, copy), input);

        states.Should().Equal(
            """{"bookmarks":{"shop-orders":{"id":4}}}""",
            """{"bookmarks":{"shop-orders":{"id":6}}}""");
        var rows = await _database.QueryAsync(
            "SELECT id::text, name, amount::text, ratio::text, active::text, born::text, \"at\"::text, " +
            "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US'), tags::text FROM sales.orders ORDER BY id");
        rows.Should().BeEquivalentTo(new[]
        {
            new[] { "1", "He said \"hi\", then\nleft ✓ 😀", "-1234567890123456789012345678.0123456789", "0.1", "true", "2024-02-29", "23:59:59.999999", "2024-01-02 01:04:05.123456", """{"a": [1, 2.5], "s": "x,\"y\""}""" },
            new[] { "2", "third", "3.5000000000", null, null, null, null, null, null },
            new[] { "3", "", "0.0000000001", null, null, null, null, null, null },
            new[] { "4", null, null, null, null, null, null, null, null },
            new[] { "5", "five", null, null, "false", null, null, null, null },
            new[] { "6", "six", null, null, null, null, null, null, null },
        }, o => o.WithStrictOrdering());

        copy.Commands.Should().HaveCount(2);
        copy.Commands.Should().AllSatisfy(c =>
        {
            c.Stage.Should().Be("\"_sdc stage orders\"");
            c.Sql.Should().MatchRegex($"^COPY \"_sdc stage orders\" \\(\"id\", \"name\", .*\\) FROM 's3://{_bucket.Name}/staging/orders_\\d{{8}}T\\d{{13}}Z_' ACCESS_KEY_ID '.+' SECRET_ACCESS_KEY '{secret}' SESSION_TOKEN '{token}' CSV GZIP EMPTYASNULL ");
        });
        copy.LoadedKeys.Select(k => k.Count).Should().Equal([3, 3], "4 rows, then 3 (id 2 kept last), each in 3 slices");
        (await _bucket.KeysAsync()).Should().BeEmpty("staged files are deleted after each load");
        log.Lines.Should().Contain(l => l.StartsWith("INFO staged 4 rows for sales.orders in 3 file(s) at s3://", StringComparison.Ordinal));
        log.Text.Should().NotContain(secret).And.NotContain(token);
    }

    [Fact]
    public async Task ProcessAsync_WidenedColumnThenActivateVersion_RebuildsColumnAndSoftDeletesOldRows()
    {
        var input = Lines(
            """{"type":"SCHEMA","stream":"items","schema":{"type":"object","properties":{"id":{"type":"integer"},"qty":{"type":["null","integer"]}}},"key_properties":["id"]}""",
            """{"type":"RECORD","stream":"items","record":{"id":1,"qty":10},"version":1}""",
            """{"type":"RECORD","stream":"items","record":{"id":2,"qty":20},"version":1}""",
            """{"type":"SCHEMA","stream":"items","schema":{"type":"object","properties":{"id":{"type":"integer"},"qty":{"type":["null","number"],"multipleOf":0.01}}},"key_properties":["id"]}""",
            """{"type":"RECORD","stream":"items","record":{"id":1,"qty":10.5},"version":2}""",
            """{"type":"RECORD","stream":"items","record":{"id":3,"qty":1.25},"version":2}""",
            """{"type":"ACTIVATE_VERSION","stream":"items","version":2}""",
            """{"type":"STATE","value":{"done":true}}""");
        var config = Config(new() { ["add_metadata_columns"] = true });

        var states = await RunAsync(new RedshiftTarget(config, new LocalCopyExecutor(_bucket.Client)), input);

        states.Should().Equal("""{"done":true}""");
        (await _database.QueryAsync("SELECT data_type, numeric_precision::text, numeric_scale::text FROM information_schema.columns WHERE table_name = 'items' AND column_name = 'qty'"))
            .Should().BeEquivalentTo(new[] { new[] { "numeric", "38", "2" } });
        (await _database.QueryAsync("SELECT id::text, qty::text, _sdc_table_version::text, (_sdc_deleted_at IS NOT NULL)::text FROM public.items ORDER BY id"))
            .Should().BeEquivalentTo(new[]
            {
                new[] { "1", "10.50", "2", "false" },
                new[] { "2", "20.00", "1", "true" },
                new[] { "3", "1.25", "2", "false" },
            }, o => o.WithStrictOrdering());
        (await _bucket.KeysAsync()).Should().BeEmpty();
    }

    private PluginConfig Config(Dictionary<string, object?> extra)
    {
        var values = TestConfig.S3(_bucket.Name, extra);
        foreach (var (key, value) in _database.ConnectionConfig())
        {
            values[key] = value;
        }
        return TestConfig.Load(values, registerSecrets: false);
    }

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";

    /// <summary>Runs the target over <paramref name="input"/>; returns the STATE lines it wrote.</summary>
    private static async Task<IReadOnlyList<string>> RunAsync(Target target, string input)
    {
        await using var stdin = new MemoryStream(Encoding.UTF8.GetBytes(input));
        await using var stdout = new MemoryStream();
        await TargetRunner.ProcessAsync(target, stdin, stdout, CancellationToken.None);
        return Encoding.UTF8.GetString(stdout.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
