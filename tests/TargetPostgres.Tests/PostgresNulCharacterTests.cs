namespace TargetPostgres.Tests;

/// <summary>
/// PostgreSQL text cannot hold U+0000: the run stops at the record with a line naming line, stream, field and table, or
/// with sanitize_null_text_characters the characters are removed and counted per column.
/// </summary>
public sealed class PostgresNulCharacterTests : IAsyncLifetime
{
    private readonly PostgresDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Fact]
    public async Task Load_StringWithNulCharacter_ExitsOneNamingTableAndColumn()
    {
        var stream = new SingerStream()
            .Schema("notes", """{"id": {"type": "integer"}, "body": {"type": "string"}}""", "id")
            .Record("notes", """{"id": 1, "body": "a\u0000b"}""")
            .ToString();

        var run = await _db.LoadAsync(stream);

        run.ExitCode.Should().Be(1);
        run.Stderr.Trim().Split('\n').Last().Should().Be($"CRITICAL line 2: stream 'notes': field 'body': table {_db.Qualified("notes")}: PostgreSQL cannot store the NUL character (U+0000) " +
            "found in the value (set sanitize_null_text_characters to remove it)");
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Load_NulCharacterInsideJsonValue_ExitsOneNamingTableAndColumn()
    {
        var stream = new SingerStream()
            .Schema("notes", """{"id": {"type": "integer"}, "doc": {"type": ["null", "object"]}}""", "id")
            .Record("notes", """{"id": 1, "doc": {"a": "fine \\u0000 text"}}""")
            .State("""{"n": 1}""")
            .Record("notes", """{"id": 2, "doc": {"a": "x\u0000y"}}""")
            .ToString();

        var run = await _db.LoadAsync(stream, new JsonObject { ["batch_size_rows"] = 1 });

        run.ExitCode.Should().Be(1, run.Stderr);
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().ContainSingle(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))
            .Which.Should().StartWith("CRITICAL line 4: stream 'notes': field 'doc': table ").And.EndWith("PostgreSQL cannot store the NUL character (U+0000) found in the value (set sanitize_null_text_characters to remove it)");
        run.Stdout.Should().Be("{\"n\":1}\n");
        (await _db.RowsAsync("notes", "id", "id", "doc")).Should().BeEquivalentTo(new[] { new[] { "1", """{"a": "fine \\u0000 text"}""" } });
    }

    [Fact]
    public async Task Sanitize_NulRemovedFromTextAndJson_CountedPerColumn_EscapedBackslashesKept()
    {
        var stream = new SingerStream()
            .Schema("notes", """{"id": {"type": "integer"}, "body": {"type": ["null", "string"]}, "doc": {"type": ["null", "object"]}}""", "id")
            .Record("notes", """{"id": 1, "body": "a\u0000b\u0000c", "doc": {"k": "x\u0000y", "\u0000key": 1}}""")
            .Record("notes", """{"id": 2, "body": "plain", "doc": {"k": "kept \\u0000 text"}}""")
            .Record("notes", """{"id": 3, "body": "\u0000", "doc": null}""")
            .State("""{"n": 3}""")
            .ToString();

        var run = await _db.LoadAsync(stream, new JsonObject { ["sanitize_null_text_characters"] = true });

        run.ExitCode.Should().Be(0, run.Stderr);
        run.Stdout.Should().Be("{\"n\":3}\n");
        (await _db.RowsAsync("notes", "id", "id", "body", "doc")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "abc", """{"k": "xy", "key": 1}""" },
            new[] { "2", "plain", """{"k": "kept \\u0000 text"}""" },
            new[] { "3", "", null },
        }, options => options.WithStrictOrdering());
        run.Stderr.Should().Contain("column 'body': NUL characters (U+0000) removed from 2 value(s) of this batch (sanitize_null_text_characters)")
            .And.Contain("column 'doc': NUL characters (U+0000) removed from 1 value(s) of this batch");
    }

    [Fact]
    public async Task Refused_TheRecordsBeforeItInTheSameBatch_AreLoadedAndTheirStatePassedOn()
    {
        var stream = new SingerStream()
            .Schema("notes", """{"id": {"type": "integer"}, "body": {"type": ["null", "string"]}}""", "id")
            .Record("notes", """{"id": 1, "body": "first"}""")
            .State("""{"n": 1}""")
            .Record("notes", """{"id": 2, "body": "second \u0000"}""")
            .Record("notes", """{"id": 3, "body": "never"}""")
            .ToString();

        var run = await _db.LoadAsync(stream);

        run.ExitCode.Should().Be(1);
        run.Stderr.Trim().Split('\n').Last().Should().StartWith("CRITICAL line 4: stream 'notes': field 'body': table ");
        run.Stdout.Should().Be("{\"n\":1}\n");
        (await _db.RowsAsync("notes", "id", "id", "body")).Should().BeEquivalentTo(new[] { new[] { "1", "first" } });
    }

    [Fact]
    public async Task AnIntegerBeyondBigint_StopsAtItsLine_TheRecordsBeforeItAreLoaded()
    {
        var stream = new SingerStream()
            .Schema("counts", """{"id": {"type": "integer"}, "n": {"type": ["null", "integer"]}}""", "id")
            .Record("counts", """{"id": 1, "n": 5}""")
            .State("""{"n": 1}""")
            .Record("counts", """{"id": 2, "n": 99999999999999999999999}""")
            .ToString();

        var run = await _db.LoadAsync(stream);

        run.ExitCode.Should().Be(1);
        run.Stderr.Trim().Split('\n').Last().Should().Be("CRITICAL line 4: stream 'counts': field 'n': 99999999999999999999999 cannot be loaded into a BIGINT column");
        run.Stdout.Should().Be("{\"n\":1}\n");
        (await _db.RowsAsync("counts", "id", "id", "n")).Should().BeEquivalentTo(new[] { new[] { "1", "5" } });
    }
}
