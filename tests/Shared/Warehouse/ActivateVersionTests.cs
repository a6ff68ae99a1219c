using System.Text.Json.Nodes;
using FluentAssertions;
using Xunit;

namespace SingerNet.Tests.Warehouse;

/// <summary>
/// ACTIVATE_VERSION after a full-table copy: rows the new version did not send are gone at the source,
/// so they are deleted (or marked in _sdc_deleted_at when metadata columns are kept without hard_delete).
/// </summary>
public abstract class ActivateVersionTests(WarehouseDatabase db) : WarehouseTest(db)
{
    private const string Properties = """{"id": {"type": "integer"}, "name": {"type": ["null", "string"]}}""";

    /// <summary>Version 1 of a full-table copy with keys 1-3, as tap-mysql sends its first one (ACTIVATE_VERSION first and last).</summary>
    private static SingerStream VersionOne() => new SingerStream().Schema("items", Properties, "id")
        .ActivateVersion("items", 1)
        .Record("items", """{"id": 1, "name": "one"}""", version: 1)
        .Record("items", """{"id": 2, "name": "two"}""", version: 1)
        .Record("items", """{"id": 3, "name": "three"}""", version: 1)
        .ActivateVersion("items", 1)
        .State("""{"version": 1}""");

    /// <summary>Version 2 without key 3 (deleted at the source), ACTIVATE_VERSION at its end.</summary>
    private static SingerStream VersionTwo() => new SingerStream().Schema("items", Properties, "id")
        .Record("items", """{"id": 1, "name": "one v2"}""", version: 2)
        .Record("items", """{"id": 2, "name": "two v2"}""", version: 2)
        .ActivateVersion("items", 2)
        .State("""{"version": 2}""");

    [Fact]
    public async Task ActivateVersion_NewVersionWithoutAKey_RowDeleted()
    {
        var first = await Db.LoadAsync(VersionOne());
        first.ExitCode.Should().Be(0, first.Stderr);
        (await Db.CountAsync("items")).Should().Be(3);

        var run = await Db.LoadAsync(VersionTwo());

        run.ExitCode.Should().Be(0, run.Stderr);
        StdoutLines(run).Should().Equal("""{"version":2}""");
        (await Db.RowsAsync("items", "id", "id", "name", "_sdc_table_version")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "one v2", "2" },
            new[] { "2", "two v2", "2" },
        }, o => o.WithStrictOrdering());
    }

    [Fact]
    public async Task ActivateVersion_TwoFullCopiesInOneRun_TheSecondStillDeletesWhatItDidNotSend()
    {
        // The last ACTIVATE_VERSION of each copy finds nothing older (the first of it deleted it): it is skipped, and
        // the rows version 2 did not send are gone all the same.
        (await Db.LoadAsync(new SingerStream().Schema("items", Properties, "id").Record("items", """{"id": 9, "name": "before"}"""))).ExitCode.Should().Be(0);
        var stream = new SingerStream().Schema("items", Properties, "id")
            .ActivateVersion("items", 1)
            .Record("items", """{"id": 1, "name": "one"}""", version: 1)
            .Record("items", """{"id": 2, "name": "two"}""", version: 1)
            .ActivateVersion("items", 1)
            .ActivateVersion("items", 2)
            .Record("items", """{"id": 1, "name": "one v2"}""", version: 2)
            .ActivateVersion("items", 2);

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "name", "_sdc_table_version")).Should().BeEquivalentTo(
            new[] { new[] { "1", "one v2", "2" } }, o => o.WithStrictOrdering());
        run.Stderr.Split('\n').Count(l => l.Contains("activated (no older rows", StringComparison.Ordinal)).Should().Be(2, run.Stderr);
    }

    [Fact]
    public async Task ActivateVersion_ARecordWithoutAVersionSinceTheLast_StillDeleted()
    {
        var stream = new SingerStream().Schema("items", Properties, "id")
            .ActivateVersion("items", 5)
            .Record("items", """{"id": 1, "name": "versioned"}""", version: 5)
            .Record("items", """{"id": 2, "name": "no version"}""")
            .Record("items", """{"id": 3, "name": "older"}""", version: 4)
            .ActivateVersion("items", 5);

        var run = await Db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await Db.RowsAsync("items", "id", "id", "name")).Should().BeEquivalentTo(new[] { new[] { "1", "versioned" } }, o => o.WithStrictOrdering());
        run.Stderr.Should().NotContain("no older rows");
    }

    [Fact]
    public async Task ActivateVersion_MetadataColumnsWithoutHardDelete_RowMarkedDeleted()
    {
        var config = new JsonObject { ["add_metadata_columns"] = true, ["hard_delete"] = false };
        (await Db.LoadAsync(VersionOne(), config)).ExitCode.Should().Be(0);

        var run = await Db.LoadAsync(VersionTwo(), config);

        run.ExitCode.Should().Be(0, run.Stderr);
        var rows = await Db.RowsAsync("items", "id", "id", "name", "_sdc_table_version", "_sdc_deleted_at");
        rows.Select(r => r[..3]).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "one v2", "2" },
            new[] { "2", "two v2", "2" },
            new[] { "3", "three", "1" },
        }, o => o.WithStrictOrdering());
        rows.Select(r => r[3] is not null).Should().Equal(false, false, true);
    }
}
