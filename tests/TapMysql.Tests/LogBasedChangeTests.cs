using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TapMysql.Tests;

/// <summary>Runs after the first: the binlog's changes since each stream's bookmark, as exact RECORD lines.</summary>
public sealed partial class LogBasedChangeTests : LogBasedTest
{
    [Fact]
    public async Task SecondRun_InsertUpdateDelete_EmitsExactlyThoseChanges()
    {
        await Db.ExecuteAsync("CREATE TABLE orders (id INT PRIMARY KEY, status VARCHAR(10), amount DECIMAL(10,2)); INSERT INTO orders VALUES (1,'new',1.00),(2,'new',2.50),(3,'new',3.00);");
        var (config, catalog) = await SetUpAsync();
        var first = await RunAsync(config, catalog);
        first.ExitCode.Should().Be(0, first.Stderr);
        var version = (long)TapRun.LastState(first.Stdout)["bookmarks"]![Id("orders")]!["version"]!;

        await Db.ExecuteAsync("INSERT INTO orders VALUES (4,'new',4.75); UPDATE orders SET status='paid' WHERE id=2; DELETE FROM orders WHERE id=3;");
        var end = await MasterStatusAsync();
        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        Types(second).Should().Equal("SCHEMA", "RECORD", "RECORD", "RECORD", "STATE");
        var records = RecordLines(second);
        records.Take(2).Should().Equal(
            """{"id":4,"status":"new","amount":4.75,"_sdc_deleted_at":null}""",
            """{"id":2,"status":"paid","amount":2.50,"_sdc_deleted_at":null}""");
        records[2].Should().MatchRegex("""^\{"id":3,"status":"new","amount":3\.00,"_sdc_deleted_at":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000000Z"\}$""");
        var deletedAt = DateTimeOffset.Parse((string)TapRun.Records(second.Stdout)[2]["_sdc_deleted_at"]!, System.Globalization.CultureInfo.InvariantCulture);
        deletedAt.Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        var messages = TapRun.Messages(second.Stdout).Where(m => (string)m["type"]! == "RECORD").ToList();
        messages.Should().OnlyContain(m => (long)m["version"]! == version && m["time_extracted"] != null);
        var bookmark = TapRun.LastState(second.Stdout)["bookmarks"]![Id("orders")]!;
        AtOrAfter(bookmark, end).Should().BeTrue(bookmark.ToJsonString());
        ((long)bookmark["version"]!).Should().Be(version);

        var third = await RunAsync(config, catalog, TapRun.LastState(second.Stdout));

        third.ExitCode.Should().Be(0, third.Stderr);
        TapRun.Records(third.Stdout).Should().BeEmpty("every change was sent by the run before");
    }

    [Fact]
    public async Task SecondRun_RolledBackTransactionAndOtherTablesOnly_NothingEmittedBookmarkAdvances()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB; CREATE TABLE other (id INT PRIMARY KEY); INSERT INTO t VALUES (1);");
        var (config, catalog) = await SetUpAsync(edit: SelectOnly(table => table != "other"));
        var first = await RunAsync(config, catalog);
        var state = TapRun.LastState(first.Stdout);

        await Db.ExecuteAsync("START TRANSACTION; INSERT INTO t VALUES (2); UPDATE t SET id=9 WHERE id=1; ROLLBACK; INSERT INTO other VALUES (1),(2);");
        var end = await MasterStatusAsync();
        var second = await RunAsync(config, catalog, state);

        second.ExitCode.Should().Be(0, second.Stderr);
        TapRun.Records(second.Stdout).Should().BeEmpty();
        var bookmark = TapRun.LastState(second.Stdout)["bookmarks"]![Id("t")]!;
        AtOrAfter(bookmark, end).Should().BeTrue("a quiet stream's bookmark still moves to the end read: " + bookmark.ToJsonString());
    }

    [Fact]
    public async Task SecondRun_OnlyOtherTablesChange_StatesStillMoveTheBookmarkEveryExportBatchRowsTransactions()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB; CREATE TABLE other (id INT PRIMARY KEY); INSERT INTO t VALUES (1);");
        var (config, catalog) = await SetUpAsync(new JsonObject { ["export_batch_rows"] = 10 }, SelectOnly(table => table != "other"));
        var first = await RunAsync(config, catalog);
        var state = TapRun.LastState(first.Stdout);

        // 35 transactions of a table not selected: a crash after them must not mean reading them all again.
        await Db.ExecuteAsync(string.Concat(Enumerable.Range(1, 35).Select(i => $"INSERT INTO other VALUES ({i});")));
        var second = await RunAsync(config, catalog, state);

        second.ExitCode.Should().Be(0, second.Stderr);
        TapRun.Records(second.Stdout).Should().BeEmpty();
        var positions = TapRun.Messages(second.Stdout).Where(m => (string)m["type"]! == "STATE")
            .Select(m => m["value"]!["bookmarks"]![Id("t")]!).Select(b => ((string)b["log_file"]!, (long)b["log_pos"]!)).Distinct().ToList();
        positions.Count.Should().BeGreaterThanOrEqualTo(4, "a STATE after every 10 transactions (3) and the final one, each further on");
        positions.Should().BeInAscendingOrder(Comparer<(string File, long Position)>.Create((a, b) =>
            CompareFiles(a.File, b.File) is var byFile and not 0 ? byFile : a.Position.CompareTo(b.Position)));
    }

    [Fact]
    public async Task SecondRun_XaTransactions_CommittedSentRolledBackNot()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY) ENGINE=InnoDB; INSERT INTO t VALUES (1);");
        var (config, catalog) = await SetUpAsync();
        var first = await RunAsync(config, catalog);

        await Db.ExecuteAsync("XA START 'a'; INSERT INTO t VALUES (2); XA END 'a'; XA PREPARE 'a'; XA COMMIT 'a';");
        await Db.ExecuteAsync("XA START 'b'; INSERT INTO t VALUES (3); XA END 'b'; XA PREPARE 'b'; XA ROLLBACK 'b';");
        await Db.ExecuteAsync("XA START 'c'; INSERT INTO t VALUES (4); XA END 'c'; XA COMMIT 'c' ONE PHASE;");
        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        TapRun.Records(second.Stdout).Select(r => (int)r["id"]!).Should().Equal(2, 4);

        // Prepared and left undecided at the end of a run: not sent, and the bookmark stays before it.
        var id = $"{Db.Name}_d";
        await Db.ExecuteAsync($"XA START '{id}'; INSERT INTO t VALUES (5); XA END '{id}'; XA PREPARE '{id}';");
        await Db.ExecuteAsync("INSERT INTO t VALUES (6);");
        var third = await RunAsync(config, catalog, TapRun.LastState(second.Stdout));
        third.ExitCode.Should().Be(0, third.Stderr);
        TapRun.Records(third.Stdout).Select(r => (int)r["id"]!).Should().Equal(6);
        third.Stderr.Should().Contain("is prepared but neither committed nor rolled back");

        await Db.ExecuteAsync($"XA COMMIT '{id}';");
        var fourth = await RunAsync(config, catalog, TapRun.LastState(third.Stdout));
        fourth.ExitCode.Should().Be(0, fourth.Stderr);
        TapRun.Records(fourth.Stdout).Select(r => (int)r["id"]!).Should().Equal(6, 5);
        var fifth = await RunAsync(config, catalog, TapRun.LastState(fourth.Stdout));
        TapRun.Records(fifth.Stdout).Should().BeEmpty();
    }

    [Fact]
    public async Task SecondRun_MultiStatementTransaction_EmittedWholeThenOneState()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT); INSERT INTO t VALUES (1,1),(2,2);");
        var (config, catalog) = await SetUpAsync(new JsonObject { ["export_batch_rows"] = 1 });
        var first = await RunAsync(config, catalog);

        await Db.ExecuteAsync("START TRANSACTION; INSERT INTO t VALUES (3,3); UPDATE t SET v=10 WHERE id=1; DELETE FROM t WHERE id=2; INSERT INTO t VALUES (4,4); COMMIT;");
        await Db.ExecuteAsync("INSERT INTO t VALUES (5,5);");
        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        ChangeShape(second).Should().Equal("SCHEMA", "RECORD", "RECORD", "RECORD", "RECORD", "STATE", "RECORD", "STATE");
        TapRun.Records(second.Stdout).Select(r => (int)r["id"]!).Should().Equal(3, 1, 2, 4, 5);
        var messages = TapRun.Messages(second.Stdout);
        var afterTransaction = messages.SkipWhile(m => (string)m["type"]! != "RECORD").First(m => (string)m["type"]! == "STATE");
        var final = TapRun.LastState(second.Stdout);
        ((long)afterTransaction["value"]!["bookmarks"]![Id("t")]!["log_pos"]!).Should().BeLessThan((long)final["bookmarks"]![Id("t")]!["log_pos"]!);
    }

    [Fact]
    public async Task SecondRun_HugeTransactionOverManyRowsEvents_AllItsRecordsThenOneState()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, v INT, pad VARCHAR(100)); INSERT INTO t SELECT seq, 0, REPEAT('p', 100) FROM seq_1_to_5000;");
        var (config, catalog) = await SetUpAsync(new JsonObject { ["export_batch_rows"] = 1 });
        var first = await RunAsync(config, catalog);

        await Db.ExecuteAsync("UPDATE t SET v = 1;");
        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        // No STATE inside the transaction; after it, the periodic and the final ones (others' transactions logged since may add some).
        ChangeShape(second).Should().Equal(["SCHEMA", .. Enumerable.Repeat("RECORD", 5000), "STATE"]);
        TapRun.Records(second.Stdout).Select(r => (int)r["id"]!).Should().Equal(Enumerable.Range(1, 5000));
    }

    [Fact]
    public async Task SecondRun_AcrossRotatedFiles_ReadsEveryFileInOrder()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1);");
        var (config, catalog) = await SetUpAsync();
        var first = await RunAsync(config, catalog);
        var start = (string)TapRun.LastState(first.Stdout)["bookmarks"]![Id("t")]!["log_file"]!;

        await Db.ExecuteAsync("INSERT INTO t VALUES (2);");
        await Db.ExecuteAsync("FLUSH BINARY LOGS");
        await Db.ExecuteAsync("INSERT INTO t VALUES (3);");
        await Db.ExecuteAsync("FLUSH BINARY LOGS");
        await Db.ExecuteAsync("INSERT INTO t VALUES (4);");
        var end = await MasterStatusAsync();
        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        (FileNumber(end.File) - FileNumber(start)).Should().BeGreaterThanOrEqualTo(2, $"{start} .. {end.File}");
        TapRun.Records(second.Stdout).Select(r => (int)r["id"]!).Should().Equal(2, 3, 4);
        var bookmark = TapRun.LastState(second.Stdout)["bookmarks"]![Id("t")]!;
        AtOrAfter(bookmark, end).Should().BeTrue(bookmark.ToJsonString());
    }

    [Fact]
    public async Task SecondRun_TwoStreamsWithDifferentBookmarks_EachGetsChangesAfterItsOwn()
    {
        await Db.ExecuteAsync("CREATE TABLE a (id INT PRIMARY KEY); CREATE TABLE b (id INT PRIMARY KEY);");
        var (config, catalog) = await SetUpAsync();
        var first = await RunAsync(config, catalog);
        var state = TapRun.LastState(first.Stdout);
        await Db.ExecuteAsync("INSERT INTO a VALUES (1); INSERT INTO b VALUES (1);");
        var middle = await MasterStatusAsync();
        // Stream a has already read the first changes; b has not.
        state["bookmarks"]![Id("a")]!["log_file"] = middle.File;
        state["bookmarks"]![Id("a")]!["log_pos"] = middle.Position;
        await Db.ExecuteAsync("INSERT INTO a VALUES (2); INSERT INTO b VALUES (2);");

        var second = await RunAsync(config, catalog, state);

        second.ExitCode.Should().Be(0, second.Stderr);
        var records = TapRun.Messages(second.Stdout).Where(m => (string)m["type"]! == "RECORD").Select(m => $"{m["stream"]}:{m["record"]!["id"]}").ToList();
        records.Should().Equal("b:1", "a:2", "b:2");
        var bookmarks = TapRun.LastState(second.Stdout)["bookmarks"]!;
        bookmarks[Id("a")]!["log_pos"]!.ToJsonString().Should().Be(bookmarks[Id("b")]!["log_pos"]!.ToJsonString());
    }

    [Fact]
    public async Task SecondRun_TableWithoutKey_RowImagesOfEveryChange()
    {
        await Db.ExecuteAsync("CREATE TABLE notes (body VARCHAR(20), n INT); INSERT INTO notes VALUES ('a',1);");
        var (config, catalog) = await SetUpAsync();
        var first = await RunAsync(config, catalog);

        await Db.ExecuteAsync("INSERT INTO notes VALUES ('b',2); UPDATE notes SET n=5 WHERE body='a'; DELETE FROM notes WHERE body='b';");
        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        var records = RecordLines(second).Select(r => DeletedAtValue().Replace(r, "\"<ts>\"")).ToList();
        records.Should().Equal(
            """{"body":"b","n":2,"_sdc_deleted_at":null}""",
            """{"body":"a","n":5,"_sdc_deleted_at":null}""",
            """{"body":"b","n":2,"_sdc_deleted_at":"<ts>"}""");
        TapRun.Messages(second.Stdout).Single(m => (string)m["type"]! == "SCHEMA")["key_properties"]!.ToJsonString().Should().Be("[]");
    }

    [Fact]
    public async Task SecondRun_AlterTableMidStream_RowsBeforeWithOldColumnsNewSchemaThenNewColumns()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(5), gone INT); INSERT INTO t VALUES (1,'x',0);");
        var (config, catalog) = await SetUpAsync();
        var first = await RunAsync(config, catalog);

        await Db.ExecuteAsync("""
            INSERT INTO t VALUES (2,'y',9);
            ALTER TABLE t ADD COLUMN b INT, DROP COLUMN gone;
            INSERT INTO t VALUES (3,'z',7);
            UPDATE t SET b=8 WHERE id=2;
            """);
        // The user discovers again after the change, so the catalog has column b (and no longer the dropped one).
        var rediscovered = await TapRun.SelectAllAsync(Db, config, "LOG_BASED");
        var second = await RunAsync(config, rediscovered, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        Types(second).Should().Equal("SCHEMA", "RECORD", "SCHEMA", "RECORD", "RECORD", "STATE");
        RecordLines(second).Should().Equal(
            """{"id":2,"a":"y","_sdc_deleted_at":null}""",
            """{"id":3,"a":"z","b":7,"_sdc_deleted_at":null}""",
            """{"id":2,"a":"y","b":8,"_sdc_deleted_at":null}""");
        var schemas = TapRun.Messages(second.Stdout).Where(m => (string)m["type"]! == "SCHEMA").ToList();
        schemas[1]["schema"]!["properties"]!.AsObject().Select(p => p.Key).Should().Equal("id", "a", "b", "_sdc_deleted_at");
        TapRun.LastState(second.Stdout)["bookmarks"]![Id("t")]!["table_columns"]!.ToJsonString().Should().Be("""["id","a","b"]""");
    }

    [Fact]
    public async Task Rerun_PythonStateWithoutColumnsThenAddColumn_OneLineAskingForResync()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, a INT);");
        var (config, _) = await SetUpAsync();
        var now = await MasterStatusAsync();
        await Db.ExecuteAsync("INSERT INTO t VALUES (1, 1); ALTER TABLE t ADD COLUMN b INT; INSERT INTO t VALUES (2, 2, 2);");
        var catalog = await TapRun.SelectAllAsync(Db, config, "LOG_BASED");

        var run = await RunAsync(config, catalog, Bookmark(Id("t"), 1, now.File, now.Position));

        run.ExitCode.Should().Be(1, run.Stderr);
        Critical(run).Should().StartWith($"CRITICAL stream '{Id("t")}': rows logged before ").And.Contain("2 columns are logged but 3 were read")
            .And.EndWith("resync the stream (remove its bookmark from the state)");
        TapRun.Records(run.Stdout).Should().BeEmpty();
    }

    [Fact]
    public async Task Rerun_FromPythonTapStateFile_ResumesAndKeepsItsKeys()
    {
        await Db.ExecuteAsync("CREATE TABLE types (id INT PRIMARY KEY, v VARCHAR(5)); INSERT INTO types VALUES (1,'a');");
        var (config, catalog) = await SetUpAsync();
        var now = await MasterStatusAsync();
        // The Python tap's state file, its stream renamed to this test's and its coordinates moved to this server's.
        var python = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "python-tap-mysql", "state-types-logbased-run1.json")))!.AsObject();
        var bookmark = python["bookmarks"]!["bench-types"]!.DeepClone().AsObject();
        bookmark.Select(p => p.Key).Should().Equal("version", "log_file", "log_pos");
        bookmark["log_file"] = now.File;
        bookmark["log_pos"] = now.Position;
        python["bookmarks"] = new JsonObject { [Id("types")] = bookmark };
        await Db.ExecuteAsync("INSERT INTO types VALUES (2,'b'); DELETE FROM types WHERE id=1;");

        var run = await RunAsync(config, catalog, python);

        run.ExitCode.Should().Be(0, run.Stderr);
        Types(run).Should().Equal("SCHEMA", "RECORD", "RECORD", "STATE");
        TapRun.Messages(run.Stdout).Where(m => (string)m["type"]! == "RECORD").Should().OnlyContain(m => (long)m["version"]! == 1795637926779);
        TapRun.Records(run.Stdout).Select(r => $"{r["id"]}:{r["_sdc_deleted_at"] != null}").Should().Equal("2:False", "1:True");
        var state = TapRun.LastState(run.Stdout);
        state.Select(p => p.Key).Should().BeEquivalentTo("currently_syncing", "bookmarks");
        state["bookmarks"]![Id("types")]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("version", "log_file", "log_pos", "table_columns");
    }

    [Fact]
    public async Task SecondRun_NonTransactionalTable_StateAfterEachCommitQuery()
    {
        await Db.ExecuteAsync("CREATE TABLE log (id INT PRIMARY KEY, v INT) ENGINE=MyISAM;");
        var (config, catalog) = await SetUpAsync(new JsonObject { ["export_batch_rows"] = 1 });
        var first = await RunAsync(config, catalog);

        await Db.ExecuteAsync("INSERT INTO log VALUES (1,1),(2,2); UPDATE log SET v=5 WHERE id=1;");
        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        // A STATE after each COMMIT query (others' transactions logged meanwhile may add STATEs, never records).
        var types = Types(second);
        types.Where(t => t != "STATE").Should().Equal("SCHEMA", "RECORD", "RECORD", "RECORD");
        var records = types.Select((t, i) => (t, i)).Where(p => p.t == "RECORD").Select(p => p.i).ToList();
        types.Skip(records[1] + 1).First().Should().Be("STATE");
        types.Last().Should().Be("STATE");
        RecordLines(second).Should().Equal(
            """{"id":1,"v":1,"_sdc_deleted_at":null}""", """{"id":2,"v":2,"_sdc_deleted_at":null}""", """{"id":1,"v":5,"_sdc_deleted_at":null}""");
    }

    [Fact]
    public async Task SecondRun_RolledBackTransactionTouchingMyIsam_OnlyTheNonTransactionalRowSent()
    {
        await Db.ExecuteAsync("CREATE TABLE i (id INT PRIMARY KEY) ENGINE=InnoDB; CREATE TABLE m (id INT PRIMARY KEY) ENGINE=MyISAM;");
        var (config, catalog) = await SetUpAsync();
        var first = await RunAsync(config, catalog);

        await Db.ExecuteAsync("START TRANSACTION; INSERT INTO i VALUES (1); INSERT INTO m VALUES (1); INSERT INTO i VALUES (2); ROLLBACK;");
        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        TapRun.Messages(second.Stdout).Where(m => (string)m["type"]! == "RECORD").Select(m => $"{m["stream"]}:{m["record"]!["id"]}")
            .Should().Equal("m:1");
    }

    [Fact]
    public async Task SecondRun_LogBasedBesideFullTable_EachByItsMethod()
    {
        await Db.ExecuteAsync("CREATE TABLE cdc (id INT PRIMARY KEY); CREATE TABLE whole (id INT PRIMARY KEY); INSERT INTO cdc VALUES (1); INSERT INTO whole VALUES (1);");
        var (config, catalog) = await SetUpAsync(edit: c =>
        {
            foreach (var stream in c["streams"]!.AsArray())
            {
                if ((string)stream!["table_name"]! == "whole")
                {
                    TapRun.Metadata(stream.AsObject(), [])["replication-method"] = "FULL_TABLE";
                }
            }
        });
        var first = await RunAsync(config, catalog);
        await Db.ExecuteAsync("INSERT INTO cdc VALUES (2); INSERT INTO whole VALUES (2);");

        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        TapRun.Messages(second.Stdout).Where(m => (string)m["type"]! == "RECORD").Select(m => $"{m["stream"]}:{m["record"]!["id"]}")
            .Should().Equal("whole:1", "whole:2", "cdc:2");
        var bookmarks = TapRun.LastState(second.Stdout)["bookmarks"]!;
        bookmarks[Id("whole")]!["initial_full_table_complete"]!.GetValue<bool>().Should().BeTrue();
        bookmarks[Id("cdc")]!["log_file"].Should().NotBeNull();
    }

    [Fact]
    public async Task SecondRun_TruncateOfStreamTable_WarnsThatAResyncIsNeeded()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY); INSERT INTO t VALUES (1),(2);");
        var (config, catalog) = await SetUpAsync();
        var first = await RunAsync(config, catalog);
        await Db.ExecuteAsync("TRUNCATE TABLE t; INSERT INTO t VALUES (3);");

        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        TapRun.Records(second.Stdout).Select(r => (int)r["id"]!).Should().Equal(3);
        second.Stderr.Should().Contain($"WARNING stream '{Id("t")}': the table was truncated");
    }

    [Theory]
    [InlineData(null)]
    [InlineData(4242L)]
    public async Task SecondRun_ServerId_ConfiguredOrRandomInSafeRange(long? configured)
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY);");
        var (config, catalog) = await SetUpAsync(configured is { } id ? new JsonObject { ["server_id"] = id } : null);
        var first = await RunAsync(config, catalog);
        await Db.ExecuteAsync("INSERT INTO t VALUES (1);");

        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        var used = long.Parse(ServerIdInLog().Match(second.Stderr).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (configured is { } expected)
        {
            used.Should().Be(expected);
        }
        else
        {
            used.Should().BeInRange(0x40000000, 0x7FFFFFFF);
        }
    }

    [GeneratedRegex("as replica server_id ([0-9]+)")]
    private static partial Regex ServerIdInLog();

    [GeneratedRegex("\"\\d{4}-\\d{2}-\\d{2}T[0-9:.]+Z\"")]
    private static partial Regex DeletedAtValue();
}
