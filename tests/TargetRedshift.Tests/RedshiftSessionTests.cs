using System.Text;
using Singer.Sdk;
using TargetRedshift.Tests.Support;

namespace TargetRedshift.Tests;

/// <summary>
/// How target-redshift uses its session, end to end against PostgreSQL standing in for Redshift (see
/// <see cref="EndToEndTests"/>): in UTC whatever the database's zone.
/// </summary>
[Collection(GlobalStateCollection.Name)]
public sealed class RedshiftSessionTests : IAsyncLifetime
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
    public async Task ProcessAsync_DateWidenedToDateTimeInNonUtcDatabase_KeepsMidnightUtc()
    {
        await _database.ExecuteAsync($"ALTER DATABASE \"{_database.Name}\" SET timezone TO 'Pacific/Kiritimati'");
        var input = Lines(
            """{"type":"SCHEMA","stream":"events","schema":{"type":"object","properties":{"id":{"type":"integer"},"day":{"type":["null","string"],"format":"date"}}},"key_properties":["id"]}""",
            """{"type":"RECORD","stream":"events","record":{"id":1,"day":"2024-03-10"}}""",
            """{"type":"SCHEMA","stream":"events","schema":{"type":"object","properties":{"id":{"type":"integer"},"day":{"type":["null","string"],"format":"date-time"}}},"key_properties":["id"]}""",
            """{"type":"RECORD","stream":"events","record":{"id":2,"day":"2024-03-11T06:30:00+00:00"}}""",
            """{"type":"STATE","value":{"done":true}}""");

        var states = await RunAsync(new RedshiftTarget(Config(), new LocalCopyExecutor(_bucket.Client)), input);

        states.Should().Equal("""{"done":true}""");
        (await _database.QueryAsync("SELECT id::text, to_char(day AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM public.events ORDER BY id"))
            .Should().BeEquivalentTo(new[] { new[] { "1", "2024-03-10 00:00:00" }, new[] { "2", "2024-03-11 06:30:00" } }, o => o.WithStrictOrdering());
    }

    private PluginConfig Config(Dictionary<string, object?>? extra = null)
    {
        var values = TestConfig.S3(_bucket.Name, extra ?? []);
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
