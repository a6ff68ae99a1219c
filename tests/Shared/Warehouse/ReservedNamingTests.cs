using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>
/// Names the target generates (the staging sequence, the rank of a key's records, the text twins of NUMERIC columns)
/// can never be a property's: such properties load like any other. A property that would become a column the target
/// fills itself (<c>_sdc_table_version</c>; the <c>_sdc_*</c> metadata columns when they are on) stops the run.
/// </summary>
public abstract class ReservedNamingTests(WarehouseDatabase db) : WarehouseTest(db)
{
    [Theory]
    [InlineData("_sdc_rank")]
    [InlineData("_sdc_seq")]
    [InlineData("_SDC_Rank")]
    public async Task Load_PropertyNamedLikeAGeneratedStagingName_LoadsLikeAnyOther(string property)
    {
        var column = property.ToLowerInvariant();
        var stream = new SingerStream()
            .Schema("items", $$$"""{"id": {"type": "integer"}, "{{{property}}}": {"type": ["null", "integer"]}, "name": {"type": ["null", "string"]}}""", "id")
            .Record("items", $$"""{"id": 1, "{{property}}": 5, "name": "first"}""")
            .Record("items", $$"""{"id": 2, "{{property}}": 1, "name": "two"}""")
            .Record("items", $$"""{"id": 1, "{{property}}": 9, "name": "last"}""")
            .Record("items", $$"""{"id": 3, "{{property}}": 3, "name": "three"}""");

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", column, "name")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "9", "last" },
            new[] { "2", "1", "two" },
            new[] { "3", "3", "three" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_PropertyNamedLikeATextTwin_LoadsBothColumns()
    {
        var stream = new SingerStream()
            .Schema("items", """{"id": {"type": "integer"}, "amount": {"type": ["null", "number"], "multipleOf": 0.01}, "amount__text": {"type": ["null", "string"]}}""", "id")
            .Record("items", """{"id": 1, "amount": 1.25, "amount__text": "first"}""")
            .Record("items", """{"id": 1, "amount": 33333333333333333333333333333333.33, "amount__text": "last"}""")
            .Record("items", """{"id": 2, "amount": 2.50, "amount__text": "two"}""");

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "amount", "amount__text")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "33333333333333333333333333333333.33", "last" },
            new[] { "2", "2.50", "two" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task Load_NumericPropertyNameOf70Bytes_LoadsIntoItsTruncatedColumnOnTwoRuns()
    {
        var property = new string('n', 70);
        var column = new string('n', 63);
        SingerStream Batch(string amount) => new SingerStream()
            .Schema("items", $$$"""{"id": {"type": "integer"}, "{{{property}}}": {"type": ["null", "number"], "multipleOf": 0.01}}""", "id")
            .Record("items", $$"""{"id": 1, "{{property}}": 0.01}""")
            .Record("items", $$"""{"id": 1, "{{property}}": {{amount}}}""");

        var first = await Db.LoadAsync(Batch("1.25"));
        var second = await Db.LoadAsync(Batch("99999999999999999999999999999999.99"));

        first.ExitCode.Should().Be(0, first.Stderr);
        second.ExitCode.Should().Be(0, second.Stderr);
        (await Db.ColumnTypesAsync("items")).Keys.Should().Equal("id", column, "_sdc_table_version");
        (await Db.RowsAsync("items", "id", "id", column)).Should().BeEquivalentTo(new[] { new[] { "1", "99999999999999999999999999999999.99" } });
    }

    [Theory]
    [InlineData("_sdc_table_version", false)]
    [InlineData("_SDC_Table_Version", false)]
    [InlineData("_sdc_extracted_at", true)]
    [InlineData("_sdc_batched_at", true)]
    public async Task Load_PropertyBecomingAColumnTheTargetFills_ExitsOneNamingStreamPropertyAndColumn(string property, bool metadataColumns)
    {
        var stream = new SingerStream()
            .Schema("items", $$$"""{"id": {"type": "integer"}, "{{{property}}}": {"type": ["null", "integer"]}}""", "id")
            .Record("items", $$"""{"id": 1, "{{property}}": 42}""", version: 7);

        var run = await Db.LoadAsync(stream, new JsonObject { ["add_metadata_columns"] = metadataColumns });

        run.ExitCode.Should().Be(1, run.Stderr);
        CriticalLines(run).Should().ContainSingle().Which.Should()
            .Contain("stream 'items'").And.Contain($"property '{property}'").And.Contain($"column '{property.ToLowerInvariant()}'");
        (await Db.ColumnTypesAsync("items")).Should().BeEmpty();
        run.Stdout.Should().BeEmpty();
    }

    [Fact]
    public async Task Load_MetadataNamedPropertyWithoutMetadataColumns_LoadsAsAnOrdinaryColumn()
    {
        var stream = new SingerStream()
            .Schema("items", """{"id": {"type": "integer"}, "_sdc_batched_at": {"type": ["null", "string"]}}""", "id")
            .Record("items", """{"id": 1, "_sdc_batched_at": "from the source"}""");

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "_sdc_batched_at")).Should().BeEquivalentTo(new[] { new[] { "1", "from the source" } });
    }

    [Fact]
    public async Task ActivateVersion_AfterAPropertyNamedTableVersionWasRefused_TableUntouched()
    {
        var good = new SingerStream()
            .Schema("items", """{"id": {"type": "integer"}}""", "id")
            .Record("items", """{"id": 1}""", version: 5);
        (await Db.LoadAsync(good)).ExitCode.Should().Be(0);
        var bad = new SingerStream()
            .Schema("items", """{"id": {"type": "integer"}, "_sdc_table_version": {"type": "integer"}}""", "id")
            .Record("items", """{"id": 2, "_sdc_table_version": 999}""", version: 6)
            .ActivateVersion("items", 6);

        var run = await Db.LoadAsync(bad);

        run.ExitCode.Should().Be(1);
        (await Db.RowsAsync("items", "id", "id", "_sdc_table_version")).Should().BeEquivalentTo(new[] { new[] { "1", "5" } });
    }
}
