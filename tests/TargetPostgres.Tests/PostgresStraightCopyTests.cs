using System.Globalization;
using System.Text;
using Warehouse;

namespace TargetPostgres.Tests;

/// <summary>
/// Batches COPY'd straight into their table when the merge would insert their rows as they are, and the batches that
/// turn out to need the stage after all (a key repeated or already there, a number too wide for a decimal).
/// </summary>
public sealed class PostgresStraightCopyTests() : WarehouseTest(new PostgresDatabase())
{
    private const string Straight = "COPY'd straight into the table";

    private Task<ProcessResult> LoadVerboseAsync(SingerStream stream, JsonObject config) =>
        Executable.RunAsync(Db.Target, ["--config", Db.WriteConfig(config), "--verbose"], stdin: stream.ToString());

    private static int StraightBatches(ProcessResult run) => run.Stderr.Split('\n').Count(l => l.Contains(Straight, StringComparison.Ordinal));

    [Fact]
    public async Task Load_NewTableWithKeys_EveryBatchGoesStraight_EveryValueExact()
    {
        var schema = """
            {"id": {"type": "integer"}, "price": {"type": ["null", "number"], "multipleOf": 0.01}, "ratio": {"type": ["null", "number"]},
             "ok": {"type": ["null", "boolean"]}, "at": {"type": ["null", "string"], "format": "date-time"}, "tags": {"type": ["null", "array"]},
             "note": {"type": ["null", "string"]}}
            """;
        var stream = new SingerStream().Schema("items", schema, "id");
        for (var i = 1; i <= 7; i++)
        {
            stream.Record("items", i % 3 == 0
                ? $$"""{"id": {{i}}}"""
                : $$"""{"id": {{i}}, "price": {{i}}.05, "ratio": 0.{{i}}, "ok": {{(i % 2 == 0 ? "true" : "false")}}, "at": "2024-02-0{{i}}T01:02:03.123456Z", "tags": ["a", {{i}}], "note": "it's \"{{i}}\" \u00e9"}""");
        }

        var run = await LoadVerboseAsync(stream, new JsonObject { ["batch_size_rows"] = 3 });

        run.ExitCode.Should().Be(0, run.Stderr);
        StraightBatches(run).Should().Be(3, run.Stderr);
        var rows = await Db.RowsAsync("items", "id", "id", "price", "ratio", "ok", "at", "tags", "note");
        rows.Should().HaveCount(7);
        rows[0].Should().Equal("1", "1.05", "0.1", "false", "2024-02-01 01:02:03.123456+00", """["a", 1]""", "it's \"1\" é");
        rows[1].Should().Equal("2", "2.05", "0.2", "true", "2024-02-02 01:02:03.123456+00", """["a", 2]""", "it's \"2\" é");
        rows[2].Should().Equal("3", null, null, null, null, null, null);
        rows[6].Should().Equal("7", "7.05", "0.7", "false", "2024-02-07 01:02:03.123456+00", """["a", 7]""", "it's \"7\" é");
        (await Db.QueryAsync($"SELECT count(*) FROM pg_index WHERE indrelid = '{Db.Qualified("items")}'::regclass AND indisprimary")).Single()[0].Should().Be(1L);
    }

    [Fact]
    public async Task Load_KeyRepeatedInABatch_ThatBatchGoesThroughTheStage_LastRecordWins()
    {
        var stream = new SingerStream().Schema("items", """{"id": {"type": "integer"}, "v": {"type": "string"}}""", "id")
            .Record("items", """{"id": 1, "v": "a"}""").Record("items", """{"id": 2, "v": "b"}""")
            .Record("items", """{"id": 3, "v": "c"}""").Record("items", """{"id": 3, "v": "c2"}""");

        var run = await LoadVerboseAsync(stream, new JsonObject { ["batch_size_rows"] = 2 });

        run.ExitCode.Should().Be(0, run.Stderr);
        StraightBatches(run).Should().Be(1, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "v")).Should().BeEquivalentTo(
            new[] { new[] { "1", "a" }, new[] { "2", "b" }, new[] { "3", "c2" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_NumberTooWideForADecimal_ThatBatchGoesThroughTheStage_ValueExact()
    {
        const string wide = "123456789012345678901234567890.123456789";
        var stream = new SingerStream().Schema("items", """{"id": {"type": "integer"}, "n": {"type": ["null", "number"]}}""", "id")
            .Record("items", """{"id": 1, "n": 1.5}""").Record("items", """{"id": 2, "n": 2.5}""")
            .Record("items", """{"id": 3, "n": 3.5}""").Record("items", $$"""{"id": 4, "n": {{wide}}}""");

        var run = await LoadVerboseAsync(stream, new JsonObject { ["batch_size_rows"] = 2 });

        run.ExitCode.Should().Be(0, run.Stderr);
        StraightBatches(run).Should().Be(1, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "n")).Should().BeEquivalentTo(
            new[] { new[] { "1", "1.5" }, new[] { "2", "2.5" }, new[] { "3", "3.5" }, new[] { "4", wide } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_TableWithoutKeys_BatchesGoStraight_HardDeleteStillDropsTheMarkedRows()
    {
        var properties = """{"id": {"type": "integer"}, "name": {"type": ["null", "string"]}, "_sdc_deleted_at": {"type": ["null", "string"], "format": "date-time"}}""";
        var stream = new SingerStream().Schema("events", properties)
            .Record("events", """{"id": 1, "name": "kept"}""").Record("events", """{"id": 1, "name": "kept twice"}""")
            .Record("events", """{"id": 2, "name": "gone", "_sdc_deleted_at": "2024-05-01T10:00:00Z"}""");

        var run = await LoadVerboseAsync(stream, new JsonObject { ["hard_delete"] = true, ["primary_key_required"] = false, ["batch_size_rows"] = 2 });

        run.ExitCode.Should().Be(0, run.Stderr);
        StraightBatches(run).Should().Be(2, run.Stderr);
        (await Db.RowsAsync("events", "name", "id", "name")).Should().BeEquivalentTo(
            new[] { new[] { "1", "kept" }, new[] { "1", "kept twice" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_TableWithAColumnTheStreamNoLongerHas_StraightRowsLeaveItNull()
    {
        (await Db.LoadAsync(new SingerStream().Schema("items", """{"id": {"type": "integer"}, "old": {"type": ["null", "string"]}}""", "id")
            .Record("items", """{"id": 1, "old": "x"}"""))).ExitCode.Should().Be(0);

        var run = await LoadVerboseAsync(new SingerStream().Schema("items", """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", "id")
            .Record("items", """{"id": 2, "v": "new"}"""), []);

        run.ExitCode.Should().Be(0, run.Stderr);
        StraightBatches(run).Should().Be(1, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "old", "v")).Should().BeEquivalentTo(
            new[] { new[] { "1", "x", null }, new[] { "2", null, "new" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_TableMadeWithOtherColumnTypes_GoesThroughTheStage_ValuesCastAsBefore()
    {
        // integer, real, json and timestamp without time zone have other binary formats than (or are read differently
        // from) the bigint, double precision, jsonb and timestamptz written for the stage: COPY'd straight they would fail.
        await Db.QueryAsync($"CREATE SCHEMA IF NOT EXISTS \"{Db.Schema}\"; CREATE TABLE \"{Db.Schema}\".\"items\" " +
            "(id INTEGER PRIMARY KEY, f REAL, doc JSON, at TIMESTAMP, _sdc_table_version BIGINT)");
        var stream = new SingerStream().Schema(
                "items",
                """{"id": {"type": "integer"}, "f": {"type": ["null", "number"]}, "doc": {"type": ["null", "object"]}, "at": {"type": ["null", "string"], "format": "date-time"}}""",
                "id")
            .Record("items", """{"id": 1, "f": 1.5, "doc": {"a": [1, "x"]}, "at": "2024-03-04T05:06:07.25Z"}""")
            .Record("items", """{"id": 2, "f": null, "doc": null, "at": null}""");

        var run = await LoadVerboseAsync(stream, []);

        run.ExitCode.Should().Be(0, run.Stderr);
        StraightBatches(run).Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "f", "doc", "at")).Should().BeEquivalentTo(
            new[] { new[] { "1", "1.5", """{"a": [1, "x"]}""", "2024-03-04 05:06:07.25" }, new string?[] { "2", null, null, null } },
            o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_KilledWhileABatchIsKeptInATemporaryFile_LeavesNoFileBehind()
    {
        var temp = Directory.CreateTempSubdirectory("singernet-spill-");
        try
        {
            var start = Executable.StartInfo(Db.Target);
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(Db.WriteConfig([]));
            start.Environment["TMPDIR"] = temp.FullName;
            start.RedirectStandardInput = true;
            start.RedirectStandardOutput = true;
            start.RedirectStandardError = true;
            start.UseShellExecute = false;
            using var process = System.Diagnostics.Process.Start(start)!;
            var stream = new SingerStream().Schema("items", """{"id": {"type": "integer"}, "note": {"type": "string"}}""", "id");
            for (var i = 1; i <= 3000; i++)
            {
                stream.Record("items", $$"""{"id": {{i}}, "note": "{{new string('n', 100)}}"}""");
            }
            await process.StandardInput.WriteAsync(stream.ToString());
            await process.StandardInput.FlushAsync(); // stdin stays open: the batch is neither full nor ended

            // The batch went past 64 KiB into a file under TMPDIR, which the process holds open (unlinked, "(deleted)").
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!HoldsFileUnder(process.Id, temp.FullName))
            {
                DateTime.UtcNow.Should().BeBefore(deadline, "the batch should have gone to a temporary file");
                await Task.Delay(50);
            }
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();

            Directory.EnumerateFileSystemEntries(temp.FullName).Should().BeEmpty();
            (await Db.QueryAsync($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{Db.Schema}' AND table_name = 'items'")).Single()[0].Should().Be(1L);
            (await Db.CountAsync("items")).Should().Be(0);
        }
        finally
        {
            temp.Delete(recursive: true);
        }
    }

    private static bool HoldsFileUnder(int pid, string folder)
    {
        try
        {
            return new DirectoryInfo($"/proc/{pid}/fd").EnumerateFileSystemInfos()
                .Any(fd => fd.LinkTarget?.StartsWith(folder + "/", StringComparison.Ordinal) == true);
        }
        catch (IOException)
        {
            return false;
        }
    }

    [Fact]
    public async Task CopyFieldFilter_RowsInPiecesOfAnySize_LeavesOutExactlyTheDroppedFields()
    {
        var random = new Random(1234);
        bool[] keep = [true, false, true, true, false];
        for (var round = 0; round < 200; round++)
        {
            var rows = Enumerable.Range(0, random.Next(0, 40)).Select(_ => keep.Select(_ => RandomField(random)).ToArray()).ToList();
            var all = Encode(rows, _ => true);
            var expected = Encode(rows, i => keep[i]);
            var output = new MemoryStream();
            var filter = new CopyFieldFilter(output, keep);
            for (var at = 0; at < all.Length;)
            {
                var piece = Math.Min(all.Length - at, random.Next(1, round % 2 == 0 ? 8 : 200_000));
                await filter.WriteAsync(all.AsMemory(at, piece));
                at += piece;
            }
            await filter.CompleteAsync(CancellationToken.None);
            output.ToArray().Should().Equal(expected, $"round {round}");
        }
    }

    [Fact]
    public async Task CopyFieldFilter_DataEndingInsideARow_Refused()
    {
        var all = Encode([[Encoding.UTF8.GetBytes("abc"), null]], _ => true);
        var filter = new CopyFieldFilter(new MemoryStream(), [true, false]);
        await filter.WriteAsync(all.AsMemory(0, all.Length - 4));

        var complete = () => filter.CompleteAsync(CancellationToken.None);

        await complete.Should().ThrowAsync<InvalidDataException>().WithMessage("binary COPY data ended inside a row");
    }

    private static byte[]? RandomField(Random random) => random.Next(5) switch
    {
        0 => null,
        1 => [],
        2 => Enumerable.Range(0, random.Next(1, 100_000)).Select(i => (byte)i).ToArray(),
        _ => Encoding.UTF8.GetBytes(random.Next().ToString(CultureInfo.InvariantCulture)),
    };

    /// <summary>Binary COPY data of <paramref name="rows"/> with only the fields <paramref name="take"/> keeps.</summary>
    private static byte[] Encode(List<byte[]?[]> rows, Func<int, bool> take)
    {
        var data = new MemoryStream();
        var writer = new BinaryWriter(data);
        writer.Write("PGCOPY\n"u8);
        writer.Write(new byte[] { 0xFF, (byte)'\r', (byte)'\n', 0 });
        writer.Write(new byte[8]); // no flags, no header extension
        foreach (var row in rows)
        {
            var fields = row.Where((_, i) => take(i)).ToList();
            writer.Write(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((short)fields.Count));
            foreach (var field in fields)
            {
                writer.Write(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(field?.Length ?? -1));
                writer.Write(field ?? []);
            }
        }
        writer.Write(System.Buffers.Binary.BinaryPrimitives.ReverseEndianness((short)-1));
        return data.ToArray();
    }
}
