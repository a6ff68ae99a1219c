using TapMysql.Binlog;
using Singer.Sdk;
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

    [Fact]
    public async Task Read_TypesUpdatedAndDeleted_AfterAndBeforeImagesEqualFullTable()
    {
        await TypesTable.LoadAsync(Db);
        var table = await BinlogHarness.TableAsync(Db, "types");
        var before = await BinlogHarness.FullTableAsync(Db, table);
        var others = table.Columns.Where(c => c.Name != "id").Select(c => c.Name).ToList();
        var start = await BinlogHarness.MasterStatusAsync();

        await Db.ExecuteAsync($"""
            UPDATE types a JOIN types b ON b.id = 3 SET {string.Join(", ", others.Select(c => $"a.`{c}` = b.`{c}`"))} WHERE a.id = 1;
            UPDATE types SET {string.Join(", ", others.Select(c => $"`{c}` = NULL"))} WHERE id = 3;
            DELETE FROM types WHERE id = 2;
            """);
        var stop = await BinlogHarness.MasterStatusAsync();
        var after = await BinlogHarness.FullTableAsync(Db, table);

        var binlog = BinlogHarness.Decode(await BinlogHarness.ReadAsync(start, stop), table);

        binlog.Select(r => r.Kind).Should().Equal(RowsEventKind.Update, RowsEventKind.Update, RowsEventKind.Delete);
        binlog.Select(r => r.Record).Should().Equal(after[0], after[1], before[1]);
    }

    [Fact]
    public async Task Read_EdgeValues_RecordsEqualFullTable()
    {
        var start = await BinlogHarness.MasterStatusAsync();
        await Db.ExecuteAsync("""
            CREATE TABLE edges (
              id INT PRIMARY KEY,
              c_bin BINARY(4), c_bin300 BINARY(255), c_char CHAR(5), c_char_long CHAR(100), c_varchar_long VARCHAR(300),
              c_latin VARCHAR(20) CHARACTER SET latin1, c_latin_char CHAR(5) CHARACTER SET latin1, c_ucs2 CHAR(4) CHARACTER SET ucs2,
              c_cp1251 TEXT CHARACTER SET cp1251,
              c_enum ENUM('it''s', 'back\slash', 'ü', 'x'), c_set SET('a','b','c','d','e','f','g','h','i'),
              c_dec DECIMAL(5,2), c_dec65 DECIMAL(65,30), c_dec0 DECIMAL(3,0), c_dec_frac DECIMAL(9,9),
              c_t1 TIME(1), c_t2 TIME(2), c_t3 TIME(3), c_t4 TIME(4), c_t5 TIME(5),
              c_dt1 DATETIME(1), c_dt2 DATETIME(2), c_dt3 DATETIME(3), c_dt4 DATETIME(4), c_dt5 DATETIME(5),
              c_ts3 TIMESTAMP(3) NULL DEFAULT NULL,
              c_bit3 BIT(3), c_bit17 BIT(17), c_tinytext TINYTEXT, c_longblob LONGBLOB, c_tinyblob TINYBLOB,
              c_mediumint_u MEDIUMINT UNSIGNED, c_smallint_u SMALLINT UNSIGNED, c_int_u INT UNSIGNED, c_year YEAR, c_float FLOAT
            ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
            INSERT INTO edges VALUES
              (1, X'0100', X'FF', 'ab  ', REPEAT('ü', 100), REPEAT('v', 300),
               'é€ñ', 'é  ', 'ab', 'Привет',
               'it''s', 'a,i', 0, -0.000000000000000000000000000001, -5, 0.000000001,
               '-00:00:00.1', '-01:02:03.45', '-838:59:58.999', '-12:34:56.7891', '00:00:01.00001',
               '2024-02-29 23:59:59.5', '1999-12-31 23:59:59.99', '2000-01-01 00:00:00.001', '2000-01-01 00:00:00.0001', '2000-01-01 00:00:00.00001',
               '2000-06-15 12:00:00.123',
               b'101', b'10000000000000001', '', REPEAT(X'00', 70000), X'00',
               16777215, 65535, 4294967295, 2000, 16777216),
              (2, X'00000000', X'', '', '', '',
               '', '', '', '',
               'back\slash', 'b,c,d,e,f,g,h', 999.99, 12345678901234567890123456789012345.123456789012345678901234567890, 999, -0.999999999,
               '838:59:59.9', '00:00:00', '-00:00:00.001', '00:00:00.0001', '-00:00:00.00001',
               '1000-01-01 00:00:00.1', '1000-01-01 00:00:00', '9999-12-31 23:59:59.999', '9999-12-31 23:59:59.9999', '9999-12-31 23:59:59.99999',
               '2038-01-19 03:14:07.999',
               b'0', b'0', 'x', '', '',
               0, 0, 0, 1901, -0.0000001),
              (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'ü', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
               NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);
            """);
        var stop = await BinlogHarness.MasterStatusAsync();
        var table = await BinlogHarness.TableAsync(Db, "edges");

        var binlog = BinlogHarness.Decode(await BinlogHarness.ReadAsync(start, stop), table);

        binlog.Select(r => r.Record).Should().Equal(await BinlogHarness.FullTableAsync(Db, table));
    }

    [Fact]
    public async Task Read_AcrossFlushedFiles_RotatesAndDecodesEveryRow()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
        var start = await BinlogHarness.MasterStatusAsync();
        await Db.ExecuteAsync("INSERT INTO t VALUES (1, 'one')");
        await BinlogHarness.ExecuteAsync("FLUSH BINARY LOGS");
        await Db.ExecuteAsync("INSERT INTO t VALUES (2, 'two')");
        await BinlogHarness.ExecuteAsync("FLUSH BINARY LOGS");
        await Db.ExecuteAsync("INSERT INTO t VALUES (3, 'three')");
        var stop = await BinlogHarness.MasterStatusAsync();

        var events = await BinlogHarness.ReadAsync(start, stop);

        var table = await BinlogHarness.TableAsync(Db, "t");
        BinlogHarness.Decode(events, table).Select(r => r.Record).Should().Equal(await BinlogHarness.FullTableAsync(Db, table));
        events.OfType<RotateEvent>().Select(r => r.NextFile).Distinct().Should().HaveCountGreaterThanOrEqualTo(3);
        stop.File.Should().NotBe(start.File);
        // MariaDB writes a Binlog_checkpoint event when the old file's transactions are all in the engine, so later
        // and at its own time; the reader passes over it, and it may be the one ending at stop.
        events[^1].End.Should().BeLessThanOrEqualTo(stop);
        events[^1].End.File.Should().Be(stop.File);
        events.Select(e => e.End).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task Read_StopBeforeLaterEvents_CompletesAtStop()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY)");
        var start = await BinlogHarness.MasterStatusAsync();
        await Db.ExecuteAsync("INSERT INTO t VALUES (1)");
        var stop = await BinlogHarness.MasterStatusAsync();
        await Db.ExecuteAsync("INSERT INTO t VALUES (2); INSERT INTO t VALUES (3)");

        var events = await BinlogHarness.ReadAsync(start, stop);

        var table = await BinlogHarness.TableAsync(Db, "t");
        BinlogHarness.Decode(events, table).Select(r => r.Record).Should().Equal("""{"id":1}""");
        // Other tests share the server, so the event ending at stop may be theirs, or a Binlog_checkpoint the reader
        // passes over; none ends past it.
        events[^1].End.Should().BeLessThanOrEqualTo(stop);
        events.OfType<XidEvent>().Should().NotBeEmpty();
    }

    [Fact]
    public async Task Read_StartAtStop_NoEvents()
    {
        var position = await BinlogHarness.MasterStatusAsync();

        var events = await BinlogHarness.ReadAsync(position, position);

        events.Should().ContainSingle().Which.Should().BeOfType<RotateEvent>().Which.End.Should().Be(position);
    }

    [Fact]
    public async Task Read_FileNotOnServer_BinlogPurgedException()
    {
        var current = await BinlogHarness.MasterStatusAsync();
        var gone = current.File[..(current.File.LastIndexOf('.') + 1)] + "000000";

        var act = () => BinlogHarness.ReadAsync(new BinlogPosition(gone, 4), current);

        (await act.Should().ThrowAsync<BinlogPurgedException>()).Which.File.Should().Be(gone);
        (await act.Should().ThrowAsync<BinlogPurgedException>()).WithMessage($"binlog file '{gone}' is no longer on the server (*); a full resync of the stream is needed");
    }

    [Fact]
    public async Task Connect_WrongPassword_OneLineNamingServer()
    {
        var config = BinlogHarness.Config(new() { ["password"] = "not-the-password" });

        var act = () => BinlogClient.ConnectAsync(config, BinlogHarness.NextServerId(), CancellationToken.None);

        (await act.Should().ThrowAsync<ConfigurationException>())
            .WithMessage($"cannot connect to MySQL at {ServiceEnvironment.MysqlHost}:{ServiceEnvironment.MysqlPort} as '{ServiceEnvironment.MysqlUser}' for the binlog: Access denied*");
    }

    [Fact]
    public async Task Connect_NothingListening_OneLineNamingServer()
    {
        var config = BinlogHarness.Config(new() { ["port"] = 1L, ["connect_timeout"] = 2L });

        var act = () => BinlogClient.ConnectAsync(config, BinlogHarness.NextServerId(), CancellationToken.None);

        (await act.Should().ThrowAsync<ConfigurationException>())
            .WithMessage($"cannot connect to MySQL at {ServiceEnvironment.MysqlHost}:1 for the binlog: *");
    }

    [Fact]
    public async Task Read_EventOver16MiB_ReassembledFromPackets()
    {
        await Db.ExecuteAsync("CREATE TABLE big (id INT PRIMARY KEY, body LONGTEXT, tail LONGBLOB)");
        var start = await BinlogHarness.MasterStatusAsync();
        await Db.ExecuteAsync("""
            INSERT INTO big VALUES (1, REPEAT('abcdefgh', 3 * 1024 * 1024), REPEAT(X'00FF', 100));
            INSERT INTO big VALUES (2, 'after', NULL);
            """);
        var stop = await BinlogHarness.MasterStatusAsync();

        var events = await BinlogHarness.ReadAsync(start, stop);

        var table = await BinlogHarness.TableAsync(Db, "big");
        var binlog = BinlogHarness.Decode(events, table);
        binlog.Should().HaveCount(2);
        binlog.Select(r => r.Record).SequenceEqual(await BinlogHarness.FullTableAsync(Db, table)).Should().BeTrue();
    }

    [Fact]
    public async Task Connect_ServerNeverGreets_ConnectTimeoutNamed()
    {
        await using var server = SilentServer.Start();
        var port = server.Port;
        var config = BinlogHarness.Config(new() { ["host"] = "127.0.0.1", ["port"] = (long)port, ["connect_timeout"] = 1L });

        var act = () => BinlogClient.ConnectAsync(config, BinlogHarness.NextServerId(), CancellationToken.None);

        (await act.Should().ThrowAsync<BinlogProtocolException>())
            .WithMessage($"MySQL at 127.0.0.1:{port} did not answer within connect_timeout 1 s while waiting for the server's greeting");
    }

    [Fact]
    public async Task Read_DdlAndTransaction_MariaDbEventGroups()
    {
        var start = await BinlogHarness.MasterStatusAsync();
        await Db.ExecuteAsync("CREATE TABLE g (id INT PRIMARY KEY)");
        await Db.ExecuteAsync("START TRANSACTION; INSERT INTO g VALUES (1); INSERT INTO g VALUES (2); COMMIT");
        var stop = await BinlogHarness.MasterStatusAsync();

        var events = await BinlogHarness.ReadAsync(start, stop);

        // Other tests share the server: keep the event groups (each opened by a GTID event) that touch this test's database.
        var groups = new List<List<BinlogEvent>>();
        foreach (var e in events.SkipWhile(e => e is not GtidEvent))
        {
            if (e is GtidEvent)
            {
                groups.Add([]);
            }
            groups[^1].Add(e);
        }
        var ours = groups.Where(g => g.Any(e => e is QueryEvent { Database: var d } && d == Db.Name || e is TableMapEvent { Database: var t } && t == Db.Name))
            .SelectMany(g => g).ToList();
        ours.Select(e => e.GetType().Name).Should().Equal(
            "GtidEvent", "QueryEvent", "GtidEvent", "TableMapEvent", "RowsEvent", "TableMapEvent", "RowsEvent", "XidEvent");
        ours.OfType<GtidEvent>().Select(g => g.IsStandalone).Should().Equal(true, false);
        var ddl = ours.OfType<QueryEvent>().Single();
        ddl.Database.Should().Be(Db.Name);
        ddl.Sql.Should().Be("CREATE TABLE g (id INT PRIMARY KEY)");
        events.Select(e => e.End).Should().BeInAscendingOrder();
        events[^1].End.Should().Be(stop);
    }

    [Fact]
    public async Task Decode_RowsLoggedBeforeAlter_TableLayoutChangedException()
    {
        await Db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY, v VARCHAR(10))");
        var start = await BinlogHarness.MasterStatusAsync();
        await Db.ExecuteAsync("INSERT INTO a VALUES (1, '7')");
        await Db.ExecuteAsync("ALTER TABLE a ADD COLUMN w INT");
        await Db.ExecuteAsync("INSERT INTO a VALUES (2, '8', 3)");
        await Db.ExecuteAsync("ALTER TABLE a MODIFY COLUMN v INT");
        await Db.ExecuteAsync("INSERT INTO a VALUES (4, 5, 6)");
        var stop = await BinlogHarness.MasterStatusAsync();
        var events = await BinlogHarness.ReadAsync(start, stop);
        var table = await BinlogHarness.TableAsync(Db, "a");
        var columns = BinlogHarness.Columns(table);
        var decoder = new BinlogRowDecoder(columns, table.Columns.Select(c => c.Name).ToList());
        var images = events.OfType<RowsEvent>().Where(r => r.Table.Database == Db.Name).Select(r => r.Rows.Single().Emitted).ToList();
        var batch = new TapMysql.Sync.RowBatch(columns.Count, 4);

        var beforeAdd = () => decoder.Append(images[0], batch);
        var beforeModify = () => decoder.Append(images[1], batch);
        decoder.Append(images[2], batch);

        beforeAdd.Should().Throw<TableLayoutChangedException>()
            .WithMessage($"table `{Db.Name}`.`a` changed: 2 columns are logged but 3 were read from information_schema");
        beforeModify.Should().Throw<TableLayoutChangedException>()
            .WithMessage($"table `{Db.Name}`.`a` changed: column 'v' is logged as VarChar, which does not fit its type from information_schema");
        batch.Count.Should().Be(1);
        batch.Numbers[1].Should().Be(5);
    }

    [Fact]
    public async Task Read_FileBeforeEarliestKept_BinlogPurgedException()
    {
        var current = await BinlogHarness.MasterStatusAsync();
        var earliest = await BinlogHarness.EarliestFileAsync();
        var dot = earliest.LastIndexOf('.');
        var number = long.Parse(earliest[(dot + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        // The file before the earliest one kept was purged (or, on a fresh server, never existed): the server answers the same.
        var purged = $"{earliest[..(dot + 1)]}{Math.Max(0, number - 1).ToString(new string('0', earliest.Length - dot - 1), System.Globalization.CultureInfo.InvariantCulture)}";

        var act = () => BinlogHarness.ReadAsync(new BinlogPosition(purged, 4), current);

        (await act.Should().ThrowAsync<BinlogPurgedException>()).Which.File.Should().Be(purged);
    }

    [Fact]
    public async Task Read_PositionPastFileEnd_ServerErrorNamed()
    {
        var current = await BinlogHarness.MasterStatusAsync();
        var beyond = current with { Position = current.Position + 100_000_000 };

        var act = () => BinlogHarness.ReadAsync(beyond, beyond with { Position = beyond.Position + 1 });

        (await act.Should().ThrowAsync<BinlogProtocolException>())
            .WithMessage($"MySQL at {ServiceEnvironment.MysqlHost}:{ServiceEnvironment.MysqlPort} failed while reading the binlog from {beyond}: *");
    }
}
