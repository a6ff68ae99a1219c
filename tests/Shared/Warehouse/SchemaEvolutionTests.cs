using FluentAssertions;
using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>A table follows its stream's SCHEMA without losing a value: columns added, widened, never dropped.</summary>
public abstract class SchemaEvolutionTests(WarehouseDatabase db) : WarehouseTest(db)
{
    [Fact]
    public async Task Load_SecondSchemaAddsColumn_ColumnAddedOldRowsNull()
    {
        var stream = new SingerStream()
            .Schema("items", """{"id": {"type": "integer"}, "name": {"type": ["null", "string"]}}""", "id")
            .Record("items", """{"id": 1, "name": "old"}""")
            .Schema("items", """{"id": {"type": "integer"}, "name": {"type": ["null", "string"]}, "added": {"type": ["null", "number"], "multipleOf": 0.01}}""", "id")
            .Record("items", """{"id": 2, "name": "new", "added": 12.34}""");

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "name", "added")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "old", null },
            new[] { "2", "new", "12.34" },
        }, o => o.WithStrictOrdering());
        (await Db.ColumnTypesAsync("items"))["added"].Should().Be(Db.DecimalType(2));
    }

    [Fact]
    public async Task Load_IntegerBecomesNumberWithMultipleOf_WidenedToDecimalOldValuesIntact()
    {
        await LoadAsync("""{"id": {"type": "integer"}, "v": {"type": ["null", "integer"]}}""", """{"id": 1, "v": 123456789012345678}""");

        var run = await LoadAsync("""{"id": {"type": "integer"}, "v": {"type": ["null", "number"], "multipleOf": 0.001}}""", """{"id": 2, "v": -1.234}""");

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.ColumnTypesAsync("items"))["v"].Should().Be(Db.DecimalType(3));
        var values = (await Db.RowsAsync("items", "id", "v")).Select(r => decimal.Parse(r[0]!, System.Globalization.CultureInfo.InvariantCulture));
        values.Should().Equal(123456789012345678m, -1.234m);
    }

    [Fact]
    public async Task Load_IntegerBecomesString_WidenedToTextOldValuesAsText()
    {
        await LoadAsync("""{"id": {"type": "integer"}, "v": {"type": ["null", "integer"]}}""", """{"id": 1, "v": -9223372036854775808}""");

        var run = await LoadAsync("""{"id": {"type": "integer"}, "v": {"type": ["null", "string"]}}""", """{"id": 2, "v": "forty-two"}""");

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.ColumnTypesAsync("items"))["v"].Should().Be(Db.TextType);
        (await Db.RowsAsync("items", "id", "v")).Select(r => r[0]).Should().Equal("-9223372036854775808", "forty-two");
    }

    [Fact]
    public async Task Load_ColumnRemovedFromSchema_ColumnKeptNewRowsNull()
    {
        await LoadAsync("""{"id": {"type": "integer"}, "gone": {"type": ["null", "string"]}}""", """{"id": 1, "gone": "still here"}""");

        var run = await LoadAsync("""{"id": {"type": "integer"}}""", """{"id": 2}""");

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.ColumnTypesAsync("items")).Keys.Should().Contain("gone");
        (await Db.RowsAsync("items", "id", "id", "gone")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "still here" },
            new[] { "2", null },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_RemovedColumnUpdatedRow_ColumnNulledForThatRow()
    {
        await LoadAsync("""{"id": {"type": "integer"}, "gone": {"type": ["null", "string"]}}""", """{"id": 1, "gone": "old value"}""");

        var run = await LoadAsync("""{"id": {"type": "integer"}}""", """{"id": 1}""");

        // The row is replaced by the new record, which no longer has the column.
        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "gone")).Should().BeEquivalentTo(new[] { new[] { "1", null } });
    }

    private Task<ProcessResult> LoadAsync(string properties, string record) =>
        Db.LoadAsync(new SingerStream().Schema("items", properties, "id").Record("items", record));
}
