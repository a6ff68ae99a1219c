using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>key_properties make loads upserts: a key is one row, holding the last record sent for it.</summary>
public abstract class UpsertTests(WarehouseDatabase db) : WarehouseTest(db)
{
    private const string Properties = """{"id": {"type": "integer"}, "name": {"type": ["null", "string"]}, "amount": {"type": ["null", "number"], "multipleOf": 0.01}}""";

    [Fact]
    public async Task Load_SecondRunChangesExistingKeys_UpdatesRowsInPlace()
    {
        var first = new SingerStream().Schema("items", Properties, "id")
            .Record("items", """{"id": 1, "name": "one", "amount": 1.01}""")
            .Record("items", """{"id": 2, "name": "two", "amount": 2.02}""")
            .Record("items", """{"id": 3, "name": "three", "amount": 3.03}""");
        var second = new SingerStream().Schema("items", Properties, "id")
            .Record("items", """{"id": 2, "name": "two v2", "amount": -2.22}""")
            .Record("items", """{"id": 3, "name": null, "amount": 33333333333333333333333333333333.33}""");

        (await Db.LoadAsync(first)).ExitCode.Should().Be(0);
        var run = await Db.LoadAsync(second);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "name", "amount")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "one", "1.01" },
            new[] { "2", "two v2", "-2.22" },
            new[] { "3", null, "33333333333333333333333333333333.33" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_KeyRepeatedInOneBatch_KeepsTheLastRecord()
    {
        var stream = new SingerStream().Schema("items", Properties, "id")
            .Record("items", """{"id": 1, "name": "first", "amount": 1.00}""")
            .Record("items", """{"id": 2, "name": "two", "amount": 2.00}""")
            .Record("items", """{"id": 1, "name": "second", "amount": 1.50}""")
            .Record("items", """{"id": 1, "name": "last", "amount": null}""");

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "name", "amount")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "last", null },
            new[] { "2", "two", "2.00" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_CompositeKeyRepeatedAcrossBatches_OneRowPerKeyPair()
    {
        const string properties = """{"a": {"type": "integer"}, "b": {"type": "string"}, "v": {"type": ["null", "integer"]}}""";
        var stream = new SingerStream().Schema("pairs", properties, "a", "b")
            .Record("pairs", """{"a": 1, "b": "x", "v": 1}""")
            .Record("pairs", """{"a": 1, "b": "y", "v": 2}""")
            .Record("pairs", """{"a": 2, "b": "x", "v": 3}""")
            .Record("pairs", """{"a": 1, "b": "x", "v": 4}""")
            .Record("pairs", """{"a": 2, "b": "x", "v": 5}""");

        var run = await Db.LoadAsync(stream, new JsonObject { ["batch_size_rows"] = 2 });

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("pairs", "a, b", "a", "b", "v")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "x", "4" },
            new[] { "1", "y", "2" },
            new[] { "2", "x", "5" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_NumericKeysWiderThanDecimal_UpsertedByExactValue()
    {
        // A DECIMAL(38,0) primary key at the source: values past System.Decimal's 28 digits must still match exactly.
        const string properties = """{"k": {"type": "number", "multipleOf": 1}, "v": {"type": ["null", "string"]}}""";
        var first = new SingerStream().Schema("wide", properties, "k")
            .Record("wide", """{"k": 99999999999999999999999999999999999999, "v": "max"}""")
            .Record("wide", """{"k": 99999999999999999999999999999999999998, "v": "max - 1"}""")
            .Record("wide", """{"k": 1, "v": "one"}""");
        var second = new SingerStream().Schema("wide", properties, "k")
            .Record("wide", """{"k": 99999999999999999999999999999999999998, "v": "max - 1 v2"}""")
            .Record("wide", """{"k": 99999999999999999999999999999999999999, "v": "max v2"}""")
            .Record("wide", """{"k": 99999999999999999999999999999999999999, "v": "max v3"}""");

        (await Db.LoadAsync(first)).ExitCode.Should().Be(0);
        var run = await Db.LoadAsync(second);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("wide", "k", "k", "v")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "one" },
            new[] { "99999999999999999999999999999999999998", "max - 1 v2" },
            new[] { "99999999999999999999999999999999999999", "max v3" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_NoKeysAndPrimaryKeyNotRequired_AppendsEveryRecord()
    {
        var stream = new SingerStream().Schema("log", Properties)
            .Record("log", """{"id": 1, "name": "a", "amount": 1.00}""")
            .Record("log", """{"id": 1, "name": "a", "amount": 1.00}""")
            .Record("log", """{"id": 2, "name": "b", "amount": null}""");
        var config = new JsonObject { ["primary_key_required"] = false };

        (await Db.LoadAsync(stream, config)).ExitCode.Should().Be(0);
        var run = await Db.LoadAsync(stream, config);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.CountAsync("log")).Should().Be(6);
        (await Db.TextRowsAsync($"SELECT {Db.Text("id")}, {Db.Text("COUNT(*)")} FROM {Db.Qualified("log")} GROUP BY id ORDER BY id"))
            .Should().BeEquivalentTo(new[] { new[] { "1", "4" }, new[] { "2", "2" } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_NoKeysWithPrimaryKeyRequiredByDefault_ExitsOneWithOneLineError()
    {
        var stream = new SingerStream().Schema("log", Properties).Record("log", """{"id": 1, "name": "a", "amount": 1.00}""");

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(1, run.Stderr);
        CriticalLines(run).Should().ContainSingle().Which.Should().Contain("primary_key_required").And.Contain("'log'");
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Load_CompositeKeysEqualInValueWrittenDifferently_OneRowWithTheLastRecord()
    {
        // An object in every record: target-duckdb then stages them as rows built here, not as transcoded JSON (whose
        // batches it always ranks by key), so both targets rely on the sink seeing the keys as equal.
        const string properties = """{"a": {"type": "number", "multipleOf": 0.01}, "b": {"type": "string"}, "v": {"type": ["null", "string"]}, "o": {"type": ["null", "object"]}}""";
        var stream = new SingerStream().Schema("pairs", properties, "a", "b")
            .Record("pairs", """{"a": 1.5, "b": "x", "v": "first", "o": {"n": 1}}""")
            .Record("pairs", """{"a": 2.25, "b": "x", "v": "other", "o": {"n": 1}}""")
            .Record("pairs", """{"a": 1.50, "b": "x", "v": "last", "o": {"n": 1}}""");

        var first = await Db.LoadAsync(stream);
        var second = await Db.LoadAsync(new SingerStream().Schema("pairs", properties, "a", "b")
            .Record("pairs", """{"a": 2.250, "b": "x", "v": "other v2", "o": {"n": 1}}""")
            .Record("pairs", """{"a": 2.25, "b": "x", "v": "other v3", "o": {"n": 1}}"""));

        first.ExitCode.Should().Be(0, first.Stderr);
        second.ExitCode.Should().Be(0, second.Stderr);
        (await Db.RowsAsync("pairs", "a, b", "a", "b", "v")).Should().BeEquivalentTo(new[]
        {
            new[] { "1.50", "x", "last" },
            new[] { "2.25", "x", "other v3" },
        }, o => o.WithStrictOrdering());
    }
}
