using System.Text;

namespace TargetPostgres.Tests;

/// <summary>
/// A run opens a bounded number of connections whatever the number of streams: a role that may hold five
/// sessions loads a thousand streams.
/// </summary>
public sealed class PostgresConnectionCountTests : IAsyncLifetime
{
    private readonly PostgresDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Load_ThousandStreamsAsRoleLimitedToFiveConnections_LoadsEveryRow()
    {
        await using var scratch = await PostgresScratchDatabase.CreateAsync();
        await scratch.CreateRoleAsync(connectionLimit: 5);
        var stream = new SingerStream();
        for (var s = 0; s < 1000; s++)
        {
            stream.Schema($"t{s}", """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", "id");
            for (var r = 1; r <= 3; r++)
            {
                stream.Record($"t{s}", $$"""{"id": {{r}}, "v": "s{{s}}r{{r}}"}""");
            }
        }
        stream.State("""{"done": true}""");

        var run = await _db.LoadAsync(stream, scratch.Config("many"));

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().Be("{\"done\":true}\n");
        var counts = new StringBuilder("SELECT ");
        counts.AppendJoin(" + ", Enumerable.Range(0, 1000).Select(s => $"(SELECT COUNT(*) FROM many.t{s})"));
        (await scratch.TextRowsAsync(counts + "::bigint")).Single().Should().Equal("3000");
        (await scratch.TextRowsAsync("SELECT v FROM many.t999 ORDER BY id")).Select(r => r[0]).Should().Equal("s999r1", "s999r2", "s999r3");
    }

    [Fact]
    public async Task Load_InterleavedStreamsInBackgroundBatchesAsRoleLimitedToFive_LoadsEveryRowAndEveryState()
    {
        await using var scratch = await PostgresScratchDatabase.CreateAsync();
        await scratch.CreateRoleAsync(connectionLimit: 5);
        var stream = new SingerStream();
        for (var s = 0; s < 12; s++)
        {
            stream.Schema($"t{s}", """{"id": {"type": "integer"}, "v": {"type": ["null", "integer"]}}""", "id");
        }
        for (var r = 0; r < 600; r++)
        {
            // Every key twice, far apart: the last value wins across batches.
            stream.Record($"t{r % 12}", $$"""{"id": {{r % 300}}, "v": {{r}}}""");
            if (r % 100 == 99)
            {
                stream.State($$"""{"at": {{r}}}""");
            }
        }

        var config = scratch.Config("mixed");
        config["batch_size_rows"] = 7;

        var run = await _db.LoadAsync(stream, config);

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal(Enumerable.Range(1, 6).Select(i => $"{{\"at\":{(i * 100) - 1}}}"));
        for (var s = 0; s < 12; s++)
        {
            var expected = Enumerable.Range(0, 600).Where(r => r % 12 == s).GroupBy(r => r % 300).OrderBy(g => g.Key)
                .Select(g => new[] { g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), g.Max().ToString(System.Globalization.CultureInfo.InvariantCulture) });
            (await scratch.TextRowsAsync($"SELECT x.id::text, x.v::text FROM mixed.t{s} AS x ORDER BY x.id")).Should().BeEquivalentTo(expected, o => o.WithStrictOrdering());
        }
    }
}
