namespace TargetDuckDb.Tests;

/// <summary>
/// Records reach DuckDB two ways: as the JSON the parsing thread wrote (read by DuckDB's JSON reader), or built the
/// ordinary way when the transcoder declines them. A record with a property the table has no column for ("zz" here) is
/// always declined, so each value below is loaded both ways and the two rows must be identical.
/// </summary>
public sealed class DuckDbJsonStagingTests : IAsyncLifetime
{
    private const string Properties = """
        {
          "id": {"type": "integer"},
          "i": {"type": ["null", "integer"]},
          "m": {"type": ["null", "number"], "multipleOf": 0.01},
          "d": {"type": ["null", "number"], "multipleOf": 1e-10},
          "n": {"type": ["null", "number"]},
          "b": {"type": ["null", "boolean"]},
          "ts": {"type": ["null", "string"], "format": "date-time"},
          "dt": {"type": ["null", "string"], "format": "date"},
          "s": {"type": ["null", "string"]}
        }
        """;

    private static readonly string[] Columns = ["i", "m", "d", "n", "b", "ts", "dt", "s"];

    private readonly DuckDbDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Load_SameValuesTranscodedOrNot_IdenticalRows()
    {
        string[] values =
        [
            // Within every limit: transcoded.
            """ "i": 123456789012345678, "m": 1234567890123456.78, "d": 12345678.0123456789, "n": 123456789.123456789, "b": true, "ts": "2024-01-01T00:00:00.1234567Z", "dt": "2024-02-29", "s": "h\u00e9llo \"q\" \\ \n\t \u0000 end \ud83d\ude00" """,
            """ "i": -5, "m": -0.01, "d": -0.0000000001, "n": 0.1, "b": false, "ts": "0001-01-01T00:00:00Z", "dt": "0001-01-01", "s": "" """,
            """ "i": 0, "m": 0, "d": 0, "n": -1234567890123456789012345678, "ts": "9999-12-31T23:59:59.999999Z" """,
            // Beyond DECIMAL(18,s) and BIGINT's 18 digits: declined either way, loaded exactly.
            """ "i": -9223372036854775808, "m": 12345678901234567.89, "d": 9999999999999999999999999999.9999999999, "n": 1.5e-7 """,
        ];
        var stream = new SingerStream().Schema("t", Properties, "id");
        for (var k = 0; k < values.Length; k++)
        {
            stream.Record("t", $$"""{"id": {{(2 * k) + 1}}, {{values[k]}} }""")
                .Record("t", $$"""{"id": {{(2 * k) + 2}}, {{values[k]}}, "zz": 0}""");
        }

        var run = await Executable.RunAsync("target-duckdb", ["--config", _db.WriteConfig(), "--verbose"], stdin: stream.ToString());

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stderr.Should().Contain("staged 3 transcoded records and 5 rows");
        var rows = await _db.RowsAsync("t", "id", Columns);
        rows.Should().HaveCount(8);
        for (var k = 0; k < values.Length; k++)
        {
            rows[(2 * k) + 1].Should().Equal(rows[2 * k], $"values {k} loaded both ways");
        }
        rows[0].Should().Equal(
            "123456789012345678", "1234567890123456.78", "12345678.0123456789", "123456789.12345679", "true",
            "2024-01-01 00:00:00.123456+00", "2024-02-29", "héllo \"q\" \\ \n\t \0 end 😀");
        rows[2].Should().Equal("-5", "-0.01", "-0.0000000001", "0.1", "false", "0001-01-01 00:00:00+00", "0001-01-01", "");
        rows[4].Should().Equal("0", "0.00", "0.0000000000", "-1.2345678901234569e+27", null, "9999-12-31 23:59:59.999999+00", null, null);
        rows[6].Should().Equal(
            "-9223372036854775808", "12345678901234567.89", "9999999999999999999999999999.9999999999", "1.5e-07", null, null, null, null);
    }

    [Fact]
    public async Task Load_TableColumnWiderThanTheStreamType_TranscodedValuesReadAsTheOrdinaryPathLoadsThem()
    {
        var first = new SingerStream().Schema("t", """
            {"id": {"type": "integer"}, "v": {"type": ["null", "string"]}, "m": {"type": ["null", "number"], "multipleOf": 0.0001},
             "at": {"type": ["null", "string"], "format": "date-time"}, "b": {"type": ["null", "string"]}}
            """, "id").Record("t", """{"id": 1, "v": "text", "m": 1.2345, "at": "2024-01-01T10:00:00Z", "b": "yes"}""");
        (await _db.LoadAsync(first)).ExitCode.Should().Be(0);
        var second = new SingerStream().Schema("t", """
            {"id": {"type": "integer"}, "v": {"type": ["null", "integer"]}, "m": {"type": ["null", "number"], "multipleOf": 0.01},
             "at": {"type": ["null", "string"], "format": "date"}, "b": {"type": ["null", "boolean"]}}
            """, "id")
            .Record("t", """{"id": 2, "v": 42, "m": 12.34, "at": "2024-02-29", "b": true}""")
            .Record("t", """{"id": 3, "v": 42, "m": 12.34, "at": "2024-02-29", "b": true, "zz": 0}""")
            .Record("t", """{"id": 4, "v": 123456789012345678, "m": -9999999999999999.99, "at": null, "b": false}""");

        var run = await Executable.RunAsync("target-duckdb", ["--config", _db.WriteConfig(), "--verbose"], stdin: second.ToString());

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stderr.Should().Contain("staged 2 transcoded records and 1 rows");
        (await _db.ColumnTypesAsync("t")).Should().Contain(new Dictionary<string, string>
        {
            ["v"] = "VARCHAR", ["m"] = "DECIMAL(38,4)", ["at"] = "TIMESTAMP WITH TIME ZONE", ["b"] = "VARCHAR",
        });
        var rows = await _db.RowsAsync("t", "id", "v", "m", "at", "b");
        rows[1].Should().Equal("42", "12.3400", "2024-02-29 00:00:00+00", "true");
        rows[2].Should().Equal(rows[1], "the same values loaded the ordinary way");
        rows[3].Should().Equal("123456789012345678", "-9999999999999999.9900", null, "false");
    }

    [Fact]
    public async Task Load_OddPropertyNamesAndAValueOverDuckDbsDefaultObjectSize_ReadExactly()
    {
        var big = new string('a', 17 * 1024 * 1024); // DuckDB's JSON reader takes 16 MiB objects unless told otherwise
        var stream = new SingerStream()
            .Schema("t", """{"id": {"type": "integer"}, "CustomerId": {"type": ["null", "integer"]}, "Odd Name-1": {"type": ["null", "string"]}, "Big": {"type": ["null", "string"]}}""", "id")
            .Record("t", $$"""{"id": 1, "CustomerId": 7, "Odd Name-1": "x'y", "Big": "{{big}}"}""")
            .Record("t", """{"id": 2, "CustomerId": 8, "Odd Name-1": "q"}""");

        var run = await Executable.RunAsync("target-duckdb", ["--config", _db.WriteConfig(), "--verbose"], stdin: stream.ToString());

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stderr.Should().Contain("staged 2 transcoded records and 0 rows");
        (await _db.TextRowsAsync($"SELECT CAST(customerid AS VARCHAR), odd_name_1, CAST(length(big) AS VARCHAR) FROM {_db.Qualified("t")} ORDER BY id"))
            .Should().BeEquivalentTo(new[] { new[] { "7", "x'y", big.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) }, new[] { "8", "q", null } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_SchemaWithoutPropertiesOrWithAnEmptyName_LoadsTheOrdinaryWay()
    {
        var stream = new SingerStream()
            .Schema("e", "{}")
            .Record("e", "{}")
            .Record("e", "{}")
            .Schema("n", """{"": {"type": ["null", "string"]}, "id": {"type": "integer"}}""")
            .Record("n", """{"": "blank", "id": 1}""");

        var run = await Executable.RunAsync(
            "target-duckdb", ["--config", _db.WriteConfig(new JsonObject { ["primary_key_required"] = false }), "--verbose"], stdin: stream.ToString());

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stderr.Should().Contain("staged 0 transcoded records and 2 rows").And.Contain("staged 0 transcoded records and 1 rows");
        (await _db.CountAsync("e")).Should().Be(2);
        (await _db.TextRowsAsync($"SELECT CAST(id AS VARCHAR), \"_\" FROM {_db.Qualified("n")}")).Should().BeEquivalentTo(new[] { new[] { "1", "blank" } });
    }

    [Fact]
    public async Task Load_OneKeyAlternatingBetweenTheTwoWays_LastRecordWins()
    {
        var stream = new SingerStream().Schema("t", """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", "id")
            .Record("t", """{"id": 1, "v": "a"}""")
            .Record("t", """{"id": 1, "v": "b", "zz": 0}""")
            .Record("t", """{"id": 1, "v": "c"}""")
            .Record("t", """{"id": 2, "v": "x"}""")
            .Record("t", """{"id": 2, "v": "y", "zz": 0}""");

        var run = await _db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await _db.RowsAsync("t", "id", "id", "v")).Should().BeEquivalentTo(new[] { new[] { "1", "c" }, new[] { "2", "y" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_BatchOverSeveralChunksWithKeysRepeatingAcrossThem_LastRecordOfEachKeyWins()
    {
        var stream = new SingerStream().Schema("t", """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", "id");
        for (var i = 1; i <= 40_000; i++)
        {
            // Every 997th record is built the ordinary way (a property without a column), so both files have several chunks' worth of keys.
            stream.Record("t", i % 997 == 0 ? $$"""{"id": {{i % 30_000}}, "v": "v{{i}}", "zz": 0}""" : $$"""{"id": {{i % 30_000}}, "v": "v{{i}}"}""");
        }

        var run = await Executable.RunAsync("target-duckdb", ["--config", _db.WriteConfig(), "--verbose"], stdin: stream.ToString());

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stderr.Should().Contain("staged 39960 transcoded records and 40 rows");
        (await _db.CountAsync("t")).Should().Be(30_000);
        var expected = Enumerable.Range(0, 30_000).Select(k => k < 10_001 ? $"v{k + 30_000}" : $"v{k}").ToList();
        (await _db.RowsAsync("t", "id", "v")).Select(r => r[0]).Should().Equal(expected);
        StagingFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Load_SeveralStreamsInSmallBatches_EveryRowLoadedAndNoStagingFileLeft()
    {
        var stream = new SingerStream()
            .Schema("a", """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", "id")
            .Schema("b", """{"id": {"type": "integer"}, "w": {"type": ["null", "number"], "multipleOf": 0.01}}""", "id");
        for (var i = 1; i <= 2000; i++)
        {
            stream.Record("a", $$"""{"id": {{i}}, "v": "row {{i}}"}""").Record("b", $$"""{"id": {{i % 700}}, "w": {{i}}.25}""");
            if (i == 1000)
            {
                stream.Schema("c", """{"id": {"type": "integer"}}""", "id").Record("c", """{"id": 1}""");
            }
        }
        stream.State("""{"done": 1}""");

        var run = await _db.LoadAsync(stream, new JsonObject { ["batch_size_rows"] = 150 });

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.TrimEnd().Split('\n').Should().Equal("""{"done":1}""");
        (await _db.CountAsync("a")).Should().Be(2000);
        (await _db.CountAsync("b")).Should().Be(700);
        (await _db.ValueAsync("b", "w", "id = 0")).Should().Be("1400.25");
        (await _db.CountAsync("c")).Should().Be(1);
        StagingFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Load_BadRecordAfterStagedOnes_EarlierRowsLoadedAndNoStagingFileLeft()
    {
        var stream = new SingerStream().Schema("t", """{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", "id")
            .Record("t", """{"id": 1, "v": "a"}""")
            .State("""{"at": 1}""")
            .Record("t", """{"id": 2, "v": 5}""");

        var run = await _db.LoadAsync(stream);

        run.ExitCode.Should().NotBe(0);
        run.Stderr.Should().Contain("line 4");
        (await _db.RowsAsync("t", "id", "id", "v")).Should().BeEquivalentTo(new[] { new[] { "1", "a" } });
        StagingFiles().Should().BeEmpty();
    }

    [Fact]
    public async Task Load_StagingFilesOfAKilledRun_DeletedAtTheNextOpen()
    {
        var stale = _db.Path + ".staging-7-records.jsonl";
        await File.WriteAllTextAsync(stale, """{"s":1,"r":{"id":1}}""" + "\n");

        var run = await _db.LoadAsync(new SingerStream().Schema("t", """{"id": {"type": "integer"}}""", "id").Record("t", """{"id": 2}"""));

        run.ExitCode.Should().Be(0, run.Stderr);
        File.Exists(stale).Should().BeFalse();
        (await _db.RowsAsync("t", "id", "id")).Should().BeEquivalentTo(new[] { new[] { "2" } });
    }

    private string[] StagingFiles() => Directory.GetFiles(_db.Directory, "*.staging-*");
}
