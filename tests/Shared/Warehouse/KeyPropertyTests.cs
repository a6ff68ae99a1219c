using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>
/// A warehouse merges on the key properties, so a record without a key value stops the run at its own line, with the
/// records before it loaded and their state printed (before, the database's NOT NULL refused the whole batch at commit).
/// </summary>
public abstract class KeyPropertyTests(WarehouseDatabase db) : WarehouseTest(db)
{
    // The key may be null by its schema, so only the key rule can refuse a null.
    private const string Properties = """{"id": {"type": ["null", "integer"]}, "name": {"type": ["null", "string"]}}""";

    [Theory]
    [InlineData("""{"name": "no id"}""", "missing")]
    [InlineData("""{"id": null, "name": "null id"}""", "null")]
    public async Task Load_RecordWithoutKeyValueAfterGoodOnes_EarlierRecordsLoadedAndLineNamed(string badRecord, string what)
    {
        var stream = new SingerStream().Schema("items", Properties, "id")
            .Record("items", """{"id": 1, "name": "a"}""")
            .Record("items", """{"id": 2, "name": "b"}""")
            .State("""{"position": 2}""");
        var badLine = stream.NextLineNumber;
        stream.Record("items", badRecord)
            .Record("items", """{"id": 3, "name": "c"}""")
            .State("""{"position": 3}""");

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(1, run.Stderr);
        CriticalLines(run).Should().Equal($"CRITICAL line {badLine}: stream 'items': key property 'id' is {what}");
        run.Stderr.Should().NotContain("   at ");
        StdoutLines(run).Should().Equal("""{"position":2}""");
        (await Db.RowsAsync("items", "id", "id", "name")).Should().BeEquivalentTo(
            new[] { new[] { "1", "a" }, new[] { "2", "b" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_CompositeKeyPartMissingWithoutValidation_EarlierBatchLoadedAndKeyNamed()
    {
        const string properties = """{"a": {"type": "integer"}, "b": {"type": "string"}, "v": {"type": "integer"}}""";
        var stream = new SingerStream().Schema("pairs", properties, "a", "b")
            .Record("pairs", """{"a": 1, "b": "x", "v": 10}""")
            .Record("pairs", """{"a": 1, "b": "y", "v": 11}""")
            .State("""{"position": 2}""")
            .Record("pairs", """{"a": 2, "b": "x", "v": 12}""");
        var badLine = stream.NextLineNumber;
        stream.Record("pairs", """{"a": 3, "v": 13}""");

        var run = await Db.LoadAsync(stream, new JsonObject { ["validate_records"] = false, ["batch_size_rows"] = 2 });

        run.ExitCode.Should().Be(1, run.Stderr);
        CriticalLines(run).Should().Equal($"CRITICAL line {badLine}: stream 'pairs': key property 'b' is missing");
        StdoutLines(run).Should().Equal("""{"position":2}""");
        (await Db.RowsAsync("pairs", "a, b", "a", "b", "v")).Should().BeEquivalentTo(
            new[] { new[] { "1", "x", "10" }, new[] { "1", "y", "11" }, new[] { "2", "x", "12" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_KeyAlwaysPresent_LoadsEveryRecord()
    {
        var stream = new SingerStream().Schema("items", Properties, "id")
            .Record("items", """{"id": 1, "name": null}""")
            .Record("items", """{"name": "b", "id": 2}""")
            .State("""{"position": 2}""");

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        StdoutLines(run).Should().Equal("""{"position":2}""");
        (await Db.RowsAsync("items", "id", "id", "name")).Should().BeEquivalentTo(
            new[] { new[] { "1", null }, new[] { "2", "b" } }, o => o.WithStrictOrdering());
    }
}
