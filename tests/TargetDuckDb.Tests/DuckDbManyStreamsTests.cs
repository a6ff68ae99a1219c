using System.Text;

namespace TargetDuckDb.Tests;

/// <summary>
/// Many small streams in one run: each open stream must cost little (no per-table index held in memory), and every
/// stream's rows arrive.
/// </summary>
public sealed class DuckDbManyStreamsTests : IAsyncLifetime
{
    private const int Streams = 1_000;

    private readonly DuckDbDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Load_ThousandStreamsOfTwoRecords_EveryRowOfEveryStreamLoaded()
    {
        var stream = new SingerStream();
        for (var s = 0; s < Streams; s++)
        {
            stream.Schema($"s{s}", """{"id": {"type": "integer"}, "name": {"type": ["null", "string"]}, "amount": {"type": ["null", "number"], "multipleOf": 0.01}}""", "id");
        }
        for (var id = 1; id <= 2; id++)
        {
            for (var s = 0; s < Streams; s++)
            {
                stream.Record($"s{s}", $$"""{"id": {{id}}, "name": "s{{s}} r{{id}}", "amount": {{s}}.{{id:00}}}""");
            }
        }
        stream.State("""{"done": true}""");

        var run = await Executable.RunAsync("target-duckdb", ["--config", _db.WriteConfig()], stdin: stream.ToString(), timeout: TimeSpan.FromMinutes(10));

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().Be("{\"done\":true}\n");
        var counts = new StringBuilder();
        for (var s = 0; s < Streams; s++)
        {
            counts.Append(s == 0 ? "" : " UNION ALL ")
                .Append($"SELECT {s} AS s, count(*) AS n, string_agg(name || '=' || CAST(amount AS VARCHAR), ',' ORDER BY id) AS v FROM \"s{s}\"");
        }
        var rows = await _db.TextRowsAsync($"SELECT CAST(s AS VARCHAR), CAST(n AS VARCHAR), v FROM ({counts}) ORDER BY s");
        rows.Should().HaveCount(Streams);
        for (var s = 0; s < Streams; s++)
        {
            rows[s].Should().Equal($"{s}", "2", $"s{s} r1={s}.01,s{s} r2={s}.02");
        }
        // The tables have no PRIMARY KEY (DuckDB would hold each one's index in memory); the merge keeps one row per key.
        (await _db.TextRowsAsync("SELECT CAST(count(*) AS VARCHAR) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"))
            .Should().BeEquivalentTo(new[] { new[] { "0" } });
    }

    [Fact]
    public async Task Load_KeyRepeatedAcrossRuns_OneRowPerKeyWithoutAPrimaryKey()
    {
        var properties = """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""";
        var first = new SingerStream().Schema("t", properties, "id").Record("t", """{"id": 1, "v": "a"}""").Record("t", """{"id": 2, "v": "b"}""");
        var second = new SingerStream().Schema("t", properties, "id").Record("t", """{"id": 2, "v": "c"}""").Record("t", """{"id": 2, "v": "d"}""")
            .Record("t", """{"id": 3, "v": "e", "x": 1}""");

        (await _db.LoadAsync(first)).ExitCode.Should().Be(0);
        var run = await _db.LoadAsync(second);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await _db.RowsAsync("t", "id", "id", "v")).Should().BeEquivalentTo(
            new[] { new[] { "1", "a" }, new[] { "2", "d" }, new[] { "3", "e" } }, o => o.WithStrictOrdering());
        (await _db.TextRowsAsync("SELECT CAST(count(*) AS VARCHAR) FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"))
            .Should().BeEquivalentTo(new[] { new[] { "0" } });
    }
}
