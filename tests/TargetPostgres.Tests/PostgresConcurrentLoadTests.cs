namespace TargetPostgres.Tests;

/// <summary>
/// Two runs loading one table at once: their merges take turns on the table (an advisory lock), so a table
/// without a unique index on the keys still gets each key once, and two first loads of a new table both succeed.
/// </summary>
public sealed class PostgresConcurrentLoadTests : IAsyncLifetime
{
    private readonly PostgresDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Load_TwoRunsSameKeysIntoTableWithoutPrimaryKey_EachKeyOnce()
    {
        await using var scratch = await PostgresScratchDatabase.CreateAsync();
        await scratch.ExecuteAsync("CREATE SCHEMA s; CREATE TABLE s.items (id BIGINT, v TEXT, _sdc_table_version BIGINT)");
        var inputs = Enumerable.Range(0, 2).Select(run =>
        {
            var stream = new SingerStream().Schema("items", """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", "id");
            for (var id = 1; id <= 200; id++)
            {
                stream.Record("items", $$"""{"id": {{id}}, "v": "run{{run}}"}""");
            }
            return stream.ToString();
        }).ToArray();

        // The table locked until both runs wait for it (their merges or their turn): then both merge as soon as they can.
        await using var holder = new Npgsql.NpgsqlConnection(scratch.ConnectionString());
        await holder.OpenAsync();
        await using (var lockTable = new Npgsql.NpgsqlCommand("BEGIN; LOCK TABLE s.items IN SHARE MODE", holder))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        var runs = RunAtOnceAsync(inputs, scratch.Config("s"));
        await WaitForLockWaitersAsync(scratch, count: 2);
        await using (var release = new Npgsql.NpgsqlCommand("ROLLBACK", holder))
        {
            await release.ExecuteNonQueryAsync();
        }

        (await runs).Should().AllSatisfy(r => r.ExitCode.Should().Be(0, r.Stderr));
        (await scratch.TextRowsAsync("SELECT COUNT(*)::text, COUNT(DISTINCT id)::text, MIN(v), MAX(v) FROM s.items")).Single()
            .Should().Match<string?[]>(r => r[0] == "200" && r[1] == "200" && r[2] == r[3], "each key once, all from the run that merged last");
    }

    /// <summary>Waits (at most a minute) until <paramref name="count"/> sessions of the database wait for a lock.</summary>
    private static async Task WaitForLockWaitersAsync(PostgresScratchDatabase scratch, int count)
    {
        var sql = $"SELECT COUNT(*)::text FROM pg_stat_activity WHERE datname = '{scratch.Name}' AND wait_event_type = 'Lock'";
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if ((await scratch.TextRowsAsync(sql)).Single()[0] == count.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                return;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{count} sessions never waited for a lock in {scratch.Name}");
    }

    [Fact]
    public async Task Load_TwoFirstLoadsOfNewTablesAtOnce_BothSucceed()
    {
        var stream = new SingerStream();
        for (var t = 0; t < 300; t++)
        {
            stream.Schema($"new{t}", """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", "id")
                .Record($"new{t}", """{"id": 1, "v": "a"}""");
        }

        var runs = await RunAtOnceAsync([stream.ToString(), stream.ToString()], new JsonObject());

        runs.Should().AllSatisfy(r => r.ExitCode.Should().Be(0, r.Stderr));
        for (var t = 0; t < 300; t += 37)
        {
            (await _db.RowsAsync($"new{t}", "id", "id", "v")).Should().BeEquivalentTo(new[] { new[] { "1", "a" } });
        }
    }

    /// <summary>Starts one target per input, waits until all have started, then feeds them together.</summary>
    private async Task<ProcessResult[]> RunAtOnceAsync(string[] inputs, JsonObject config)
    {
        var processes = inputs.Select(_ => _db.Start((JsonObject)config.DeepClone())).ToArray();
        try
        {
            var outputs = processes.Select(p => (Stdout: p.StandardOutput.ReadToEndAsync(), Stderr: p.StandardError.ReadToEndAsync())).ToArray();
            await Task.WhenAll(processes.Zip(inputs, async (p, input) =>
            {
                await p.StandardInput.WriteAsync(input);
                p.StandardInput.Close();
            }));
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            await Task.WhenAll(processes.Select(p => p.WaitForExitAsync(timeout.Token)));
            return await Task.WhenAll(processes.Zip(outputs, async (p, o) => new ProcessResult(p.ExitCode, await o.Stdout, await o.Stderr)));
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }
                process.Dispose();
            }
        }
    }
}
