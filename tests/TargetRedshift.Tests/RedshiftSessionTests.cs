using System.Text;
using Singer.Sdk;
using TargetRedshift.Tests.Support;

namespace TargetRedshift.Tests;

/// <summary>
/// How target-redshift uses its session, end to end against PostgreSQL standing in for Redshift (see
/// <see cref="EndToEndTests"/>): in UTC whatever the database's zone, and one session whatever the number of streams.
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

    [Fact]
    public async Task ProcessAsync_HundredFiftyStreamsAsRoleLimitedToOneConnection_LoadsEveryRow()
    {
        var role = _database.Name + "_one";
        await _database.ExecuteAsync($"CREATE ROLE \"{role}\" LOGIN PASSWORD 'one-session' CONNECTION LIMIT 1; ALTER DATABASE \"{_database.Name}\" OWNER TO \"{role}\"");
        try
        {
            var lines = new List<string>();
            for (var s = 0; s < 150; s++)
            {
                lines.Add("{\"type\":\"SCHEMA\",\"stream\":\"t" + s + "\",\"schema\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}},\"key_properties\":[\"id\"]}");
                lines.Add("{\"type\":\"RECORD\",\"stream\":\"t" + s + "\",\"record\":{\"id\":" + s + "}}");
            }
            lines.Add("""{"type":"STATE","value":{"done":true}}""");

            var states = await RunAsync(new RedshiftTarget(Config(new() { ["user"] = role, ["password"] = "one-session" }), new LocalCopyExecutor(_bucket.Client)), Lines([.. lines]));

            states.Should().Equal("""{"done":true}""");
            (await _database.QueryAsync(string.Join(" UNION ALL ", Enumerable.Range(0, 150).Select(s => $"SELECT id FROM public.t{s}")) + " ORDER BY 1"))
                .Select(r => r[0]).Should().Equal(Enumerable.Range(0, 150).Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        finally
        {
            await _database.ExecuteAsync($"REASSIGN OWNED BY \"{role}\" TO CURRENT_USER; DROP OWNED BY \"{role}\"; ALTER DATABASE \"{_database.Name}\" OWNER TO CURRENT_USER");
            await _database.ExecuteAsync($"DROP ROLE \"{role}\"");
        }
    }

    private PluginConfig Config(Dictionary<string, object?>? extra = null)
    {
        var values = TestConfig.S3(_bucket.Name);
        foreach (var (key, value) in _database.ConnectionConfig())
        {
            values[key] = value;
        }
        foreach (var (key, value) in extra ?? [])
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
