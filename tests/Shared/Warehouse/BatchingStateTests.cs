using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>
/// A target prints a STATE (bare, one a line) only once every record before it is in the table, so the
/// last line of its stdout is always a safe place to resume from.
/// </summary>
public abstract class BatchingStateTests(WarehouseDatabase db) : WarehouseTest(db)
{
    private const string Properties = """{"id": {"type": "integer"}, "qty": {"type": ["null", "integer"]}}""";

    [Fact]
    public async Task Load_BatchesOfTwoWithStatesBetween_PrintsEachStateOnceItsRecordsAreLoaded()
    {
        var stream = new SingerStream().Schema("items", Properties, "id")
            .Record("items", """{"id": 1, "qty": 10}""")
            .State("""{"bookmarks": {"items": {"id": 1}}}""")
            .Record("items", """{"id": 2, "qty": 20}""")
            .Record("items", """{"id": 3, "qty": 30}""")
            .State("""{"bookmarks": {"items": {"id": 3}}}""")
            .Record("items", """{"id": 4, "qty": 40}""")
            .State("""{"bookmarks": {"items": {"id": 4}}}""")
            .Record("items", """{"id": 5, "qty": 50}""")
            .State("""{"bookmarks": {"items": {"id": 5}}}""");

        var run = await Db.LoadAsync(stream, new JsonObject { ["batch_size_rows"] = 2 });

        run.ExitCode.Should().Be(0, run.Stderr);
        // State 1 waits for the batch that ends at record 2, state 3 for record 4; state 4 follows a full batch at once.
        StdoutLines(run).Should().Equal(
            """{"bookmarks":{"items":{"id":1}}}""",
            """{"bookmarks":{"items":{"id":3}}}""",
            """{"bookmarks":{"items":{"id":4}}}""",
            """{"bookmarks":{"items":{"id":5}}}""");
        (await Db.RowsAsync("items", "id", "id", "qty")).Select(r => r[1]).Should().Equal("10", "20", "30", "40", "50");
    }

    [Fact]
    public async Task Load_BadRecordAfterStates_EarlierRecordsLoadedAndTheirStateLastPrinted()
    {
        var stream = new SingerStream().Schema("items", Properties, "id")
            .Record("items", """{"id": 1, "qty": 10}""")
            .Record("items", """{"id": 2, "qty": 20}""")
            .State("""{"position": 2}""")
            .Record("items", """{"id": 3, "qty": 30}""")
            .State("""{"position": 3}""");
        var badLine = stream.NextLineNumber;
        stream.Record("items", """{"id": 4, "qty": "forty"}""")
            .Record("items", """{"id": 5, "qty": 50}""")
            .State("""{"position": 5}""");

        var run = await Db.LoadAsync(stream, new JsonObject { ["batch_size_rows"] = 2 });

        run.ExitCode.Should().Be(1, run.Stderr);
        CriticalLines(run).Should().ContainSingle().Which.Should().StartWith($"CRITICAL line {badLine}: stream 'items': field 'qty': ");
        StdoutLines(run).Should().Equal("""{"position":2}""", """{"position":3}""");
        (await Db.RowsAsync("items", "id", "id", "qty")).Should().BeEquivalentTo(
            new[] { new[] { "1", "10" }, new[] { "2", "20" }, new[] { "3", "30" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_TwoStreamsInterleaved_StateWaitsForBothStreams()
    {
        var stream = new SingerStream()
            .Schema("a", Properties, "id")
            .Schema("b", Properties, "id")
            .Record("a", """{"id": 1, "qty": 1}""")
            .Record("b", """{"id": 1, "qty": 2}""")
            .State("""{"after": "a1 b1"}""")
            .Record("a", """{"id": 2, "qty": 3}""")
            .State("""{"after": "a2"}""")
            .Record("b", """{"id": 2, "qty": 4}""");
        var badLine = stream.NextLineNumber;
        stream.Record("b", """{"id": "three"}""");

        var run = await Db.LoadAsync(stream, new JsonObject { ["batch_size_rows"] = 2 });

        // Stream a's batch fills at a2 and every sink is drained, b's single record with it; b2 is loaded when the bad line stops the run.
        run.ExitCode.Should().Be(1, run.Stderr);
        CriticalLines(run).Should().ContainSingle().Which.Should().StartWith($"CRITICAL line {badLine}: stream 'b': field 'id': ");
        StdoutLines(run).Should().Equal("""{"after":"a1 b1"}""", """{"after":"a2"}""");
        (await Db.RowsAsync("a", "id", "qty")).Select(r => r[0]).Should().Equal("1", "3");
        (await Db.RowsAsync("b", "id", "qty")).Select(r => r[0]).Should().Equal("2", "4");
    }

    [Fact]
    public async Task Load_StateBeforeAnyRecord_PrintedAtOnce()
    {
        var stream = new SingerStream()
            .State("""{"first": true}""")
            .Schema("items", Properties, "id")
            .State("""{"second": true}""");

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        StdoutLines(run).Should().Equal("""{"first":true}""", """{"second":true}""");
        (await Db.CountAsync("items")).Should().Be(0);
    }
}
