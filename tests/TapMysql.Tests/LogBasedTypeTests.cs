using System.Text.Json.Nodes;

namespace TapMysql.Tests;

/// <summary>
/// The tap end to end on the every-type tables: a row inserted and deleted after the first run is written from
/// the binlog with exactly the values the first run's copy (a SELECT) wrote for the same row.
/// </summary>
public sealed class LogBasedTypeTests : LogBasedTest
{
    [Theory]
    [InlineData("types")]
    [InlineData("types_zero")]
    public async Task SecondRun_RowsOfEveryType_BinlogRecordsEqualCopiedRecords(string table)
    {
        await TypesTable.LoadAsync(Db);
        var (config, catalog) = await SetUpAsync(edit: SelectOnly(name => name == table));
        var first = await RunAsync(config, catalog);
        first.ExitCode.Should().Be(0, first.Stderr);
        var copied = TapRun.Records(first.Stdout);

        await Db.ExecuteAsync($"""
            SET SESSION sql_mode='';
            CREATE TABLE copy_of LIKE {table};
            INSERT INTO copy_of SELECT * FROM {table};
            UPDATE copy_of SET id = id + 10;
            INSERT INTO {table} SELECT * FROM copy_of;
            DELETE FROM {table} WHERE id > 10;
            """);
        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        var changes = TapRun.Records(second.Stdout);
        changes.Should().HaveCount(2 * copied.Count);
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            var deleted = change["_sdc_deleted_at"] is not null;
            deleted.Should().Be(i >= copied.Count);
            change.Remove("_sdc_deleted_at");
            change["id"] = (int)change["id"]! - 10;
            change.ToJsonString().Should().Be(copied[i % copied.Count].ToJsonString(), $"row {i} ({(deleted ? "delete" : "insert")})");
        }
    }
}
