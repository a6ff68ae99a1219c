using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>
/// Stream and property names become lower-case identifiers of a-z, 0-9 and _; a stream named
/// <c>schema-table</c> loads into table <c>table</c>, in the schema schema_mapping gives its source schema.
/// </summary>
public abstract class NamingTests(WarehouseDatabase db) : WarehouseTest(db)
{
    private const string Properties = """{"Order ID": {"type": "integer"}, "Total-Amount": {"type": ["null", "number"], "multipleOf": 0.01}, "2nd Line": {"type": ["null", "string"]}, "Select": {"type": ["null", "boolean"]}}""";

    private static SingerStream Orders() => new SingerStream().Schema("My-Orders", Properties, "Order ID")
        .Record("My-Orders", """{"Order ID": 7, "Total-Amount": 70.07, "2nd Line": "first", "Select": false}""")
        .Record("My-Orders", """{"Order ID": 7, "Total-Amount": 77.77, "2nd Line": "last", "Select": true}""");

    [Fact]
    public async Task Load_PunctuatedStreamAndPropertyNames_LowerCaseIdentifiersInDefaultSchema()
    {
        var run = await Db.LoadAsync(Orders());

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.ColumnTypesAsync("orders")).Keys.Should().Equal("order_id", "total_amount", "_2nd_line", "select", "_sdc_table_version");
        (await Db.RowsAsync("orders", "order_id", "order_id", "total_amount", "_2nd_line", "select")).Should().BeEquivalentTo(new[] { new[] { "7", "77.77", "last", "true" } });
    }

    [Fact]
    public async Task Load_SchemaMappingOfSourceSchema_TableInMappedSchema()
    {
        var mapped = Db.NewSchemaName("x");

        var run = await Db.LoadAsync(Orders(), new JsonObject { ["schema_mapping"] = new JsonObject { ["My"] = new JsonObject { ["target_schema"] = mapped } } });

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.CountAsync("orders", mapped)).Should().Be(1);
        (await Db.ColumnTypesAsync("orders")).Should().BeEmpty("nothing lands in the default schema");
    }

    [Fact]
    public async Task Load_TwoPropertiesBecomingOneColumn_ExitsWithOneLineNamingBoth()
    {
        var stream = new SingerStream()
            .Schema("items", """{"id": {"type": "integer"}, "a b": {"type": ["null", "string"]}, "a_b": {"type": ["null", "string"]}}""", "id")
            .Record("items", """{"id": 1, "a b": "x", "a_b": "y"}""");

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().NotBe(0);
        CriticalLines(run).Should().ContainSingle().Which.Should().Contain("'a b'").And.Contain("'a_b'").And.Contain("items");
        (await Db.ColumnTypesAsync("items")).Should().BeEmpty();
    }

    [Theory]
    [InlineData("users", "USERS", "users")]
    [InlineData("a.b", "a_b", "a_b")]
    [InlineData("db1-users", "db2-users", "users")]
    public async Task Load_TwoStreamsBecomingOneTable_ExitsOneNamingBothBeforeTheSecondLoads(string first, string second, string table)
    {
        const string properties = """{"id": {"type": "integer"}, "name": {"type": ["null", "string"]}}""";
        var stream = new SingerStream()
            .Schema(first, properties, "id")
            .Record(first, """{"id": 1, "name": "first stream"}""")
            .State("""{"at": 1}""")
            .Schema(second, properties, "id")
            .Record(second, """{"id": 1, "name": "second stream"}""")
            .Record(second, """{"id": 2, "name": "second stream"}""");

        var run = await Db.LoadAsync(stream, new JsonObject { ["batch_size_rows"] = 1 });

        run.ExitCode.Should().Be(1, run.Stderr);
        CriticalLines(run).Should().ContainSingle().Which.Should()
            .Contain($"'{first}'").And.Contain($"'{second}'").And.Contain($"{Db.Schema}.{table}");
        (await Db.RowsAsync(table, "id", "id", "name")).Should().BeEquivalentTo(new[] { new[] { "1", "first stream" } });
    }

    [Fact]
    public async Task Load_SameTableNameInSchemasMappedApart_LoadsBoth()
    {
        const string properties = """{"id": {"type": "integer"}, "name": {"type": ["null", "string"]}}""";
        var other = Db.NewSchemaName("x");
        var stream = new SingerStream()
            .Schema("db1-users", properties, "id").Record("db1-users", """{"id": 1, "name": "db1"}""")
            .Schema("db2-users", properties, "id").Record("db2-users", """{"id": 1, "name": "db2"}""")
            .Schema("db1-users", properties, "id").Record("db1-users", """{"id": 2, "name": "db1"}""");

        var run = await Db.LoadAsync(stream, new JsonObject { ["schema_mapping"] = new JsonObject { ["db2"] = new JsonObject { ["target_schema"] = other } } });

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("users", "id", "id", "name")).Should().BeEquivalentTo(new[] { new[] { "1", "db1" }, new[] { "2", "db1" } }, o => o.WithStrictOrdering());
        (await Db.ValueAsync("users", "name", "id = 1", other)).Should().Be("db2");
    }
}
