using TapMysql.Binlog;
using TapMysql.Binlog.Events;

namespace TapMysql.Tests;

/// <summary>The binlog client against the real MariaDB: values equal FULL_TABLE's, rotation, stop, purged files.</summary>
public sealed class BinlogLiveTests : MysqlTest
{
    [Fact]
    public async Task Read_TypesInserted_RecordsEqualFullTable()
    {
        var start = await BinlogHarness.MasterStatusAsync();
        await TypesTable.LoadAsync(Db);
        var stop = await BinlogHarness.MasterStatusAsync();

        var events = await BinlogHarness.ReadAsync(start, stop);

        var table = await BinlogHarness.TableAsync(Db, "types");
        var binlog = BinlogHarness.Decode(events, table);
        binlog.Select(r => r.Kind).Should().OnlyContain(k => k == RowsEventKind.Insert);
        binlog.Should().HaveCount(3);
        binlog.Select(r => r.Record).Should().Equal(await BinlogHarness.FullTableAsync(Db, table));
    }

    [Fact]
    public async Task Read_ZeroAndInvalidDates_RecordsEqualFullTable()
    {
        var start = await BinlogHarness.MasterStatusAsync();
        await TypesTable.LoadAsync(Db);
        var stop = await BinlogHarness.MasterStatusAsync();

        var events = await BinlogHarness.ReadAsync(start, stop);

        var table = await BinlogHarness.TableAsync(Db, "types_zero");
        var binlog = BinlogHarness.Decode(events, table);
        binlog.Should().HaveCount(3);
        binlog.Select(r => r.Record).Should().Equal(await BinlogHarness.FullTableAsync(Db, table));
    }
}
