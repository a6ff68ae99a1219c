using System.Text.Json.Nodes;

namespace TapMysql.Tests;

/// <summary>
/// Changes the binlog holds without their rows: a session that logs statements or partial row images. They are
/// refused with one line (exit 1) instead of being skipped or written with nulls; the changes before them are
/// sent and their STATE written, so a resync is the only thing lost.
/// </summary>
public sealed class LogBasedRefusalTests : LogBasedTest
{
    [Theory]
    [InlineData("MINIMAL")]
    [InlineData("NOBLOB")]
    public async Task SecondRun_SessionWithPartialRowImage_ExitsOneNamingTheColumnAfterEarlierChanges(string image)
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(5), b INT, c TEXT); INSERT INTO t VALUES (1,'x',1,'c1');");
        var (config, catalog) = await SetUpAsync();
        var first = await RunAsync(config, catalog);
        first.ExitCode.Should().Be(0, first.Stderr);

        await Db.ExecuteAsync("INSERT INTO t VALUES (2,'y',2,'c2');");
        var beforePartial = await MasterStatusAsync();
        await Db.ExecuteAsync($"SET SESSION binlog_row_image={image}; UPDATE t SET b=20 WHERE id=1;");
        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(1, second.Stderr);
        Critical(second).Should().MatchRegex(
            $@"^CRITICAL stream '{Db.Name}-t': a row logged before binlog\.\d+:\d+ lacks column '[a-z]+' \(its session wrote binlog_row_image MINIMAL or NOBLOB\), " +
            "so the row cannot be read whole from the binlog: keep binlog_row_image=FULL in every session that writes the table, and resync the stream");
        RecordLines(second).Should().Equal("""{"id":2,"a":"y","b":2,"c":"c2","_sdc_deleted_at":null}""");
        var bookmark = TapRun.LastState(second.Stdout)["bookmarks"]![Id("t")]!;
        AtOrAfter(bookmark, beforePartial).Should().BeTrue("the insert before the partial row is bookmarked: " + bookmark.ToJsonString());
    }

    [Theory]
    [InlineData("STATEMENT", "INSERT INTO t VALUES (3,'s')")]
    [InlineData("STATEMENT", "UPDATE t SET a='s' WHERE id=1")]
    [InlineData("STATEMENT", "DELETE FROM `t` WHERE id=1")]
    public async Task SecondRun_RowChangeLoggedAsStatement_ExitsOneNamingTheStatement(string format, string change)
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(5)); CREATE TABLE other (id INT PRIMARY KEY); INSERT INTO t VALUES (1,'x');");
        var (config, catalog) = await SetUpAsync(edit: DeselectOther);
        var first = await RunAsync(config, catalog);
        first.ExitCode.Should().Be(0, first.Stderr);

        // A statement-logged change of a table that is not selected is no concern of this run.
        await Db.ExecuteAsync($"SET SESSION binlog_format={format}; INSERT INTO other VALUES (1);");
        await Db.ExecuteAsync($"SET SESSION binlog_format={format}; {change};");
        var second = await RunAsync(config, catalog, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(1, second.Stderr);
        Critical(second).Should().Be(
            $"CRITICAL stream '{Db.Name}-t': a change of its table is logged as a statement, not as rows, at {EndOf(second)} " +
            $"(a session with binlog_format STATEMENT or MIXED ran: {change}), so its rows cannot be read from the binlog: " +
            "keep binlog_format=ROW in every session that writes the table, and resync the stream (remove its bookmark from the state)");
        TapRun.Records(second.Stdout).Should().BeEmpty();
    }

    [Fact]
    public async Task SecondRun_FailingAfterTransactionsWithoutAState_WritesTheStateOfTheLastOneFirst()
    {
        await Db.ExecuteAsync("CREATE TABLE t (id INT PRIMARY KEY, a VARCHAR(5)); INSERT INTO t VALUES (1,'x');");
        var (config, catalog) = await SetUpAsync();
        var first = await RunAsync(config, catalog);
        var state = TapRun.LastState(first.Stdout);

        await Db.ExecuteAsync("INSERT INTO t VALUES (2,'y'); INSERT INTO t VALUES (3,'z');");
        var sent = await MasterStatusAsync();
        await Db.ExecuteAsync("SET SESSION binlog_format=STATEMENT; INSERT INTO t VALUES (4,'s');");
        var second = await RunAsync(config, catalog, state);

        second.ExitCode.Should().Be(1, second.Stderr);
        TapRun.Records(second.Stdout).Select(r => (int)r["id"]!).Should().Equal(2, 3);
        var bookmark = TapRun.LastState(second.Stdout)["bookmarks"]![Id("t")]!;
        AtOrAfter(bookmark, sent).Should().BeTrue("the two inserts sent are bookmarked before the run stops: " + bookmark.ToJsonString());

        var third = await RunAsync(config, catalog, TapRun.LastState(second.Stdout));
        third.ExitCode.Should().Be(1, third.Stderr);
        TapRun.Records(third.Stdout).Should().BeEmpty("the rerun does not send the two inserts again");
    }

    [Fact]
    public async Task SecondRun_AlterOfATableWithBackquoteInItsName_NewSchemaAndRowsAfterIt()
    {
        await Db.ExecuteAsync("CREATE TABLE `ta``ble` (id INT PRIMARY KEY, a VARCHAR(5)); INSERT INTO `ta``ble` VALUES (1,'x');");
        var (config, catalog) = await SetUpAsync();
        var first = await RunAsync(config, catalog);
        first.ExitCode.Should().Be(0, first.Stderr);

        await Db.ExecuteAsync("INSERT INTO `ta``ble` VALUES (2,'y'); ALTER TABLE `ta``ble` ADD COLUMN b INT; INSERT INTO `ta``ble` VALUES (3,'z',7);");
        var rediscovered = await TapRun.SelectAllAsync(Db, config, "LOG_BASED");
        var second = await RunAsync(config, rediscovered, TapRun.LastState(first.Stdout));

        second.ExitCode.Should().Be(0, second.Stderr);
        Types(second).Should().Equal("SCHEMA", "RECORD", "SCHEMA", "RECORD", "STATE");
        RecordLines(second).Should().Equal(
            """{"id":2,"a":"y","_sdc_deleted_at":null}""",
            """{"id":3,"a":"z","b":7,"_sdc_deleted_at":null}""");
    }

    private static void DeselectOther(JsonObject catalog)
    {
        foreach (var stream in catalog["streams"]!.AsArray())
        {
            TapRun.Metadata(stream!.AsObject(), [])["selected"] = (string)stream["table_name"]! != "other";
        }
    }

    /// <summary>The coordinates the error names (the statement's end), read back from the line itself.</summary>
    private static string EndOf(ProcessResult run) =>
        System.Text.RegularExpressions.Regex.Match(run.Stderr, @"at (binlog\.\d+:\d+) \(").Groups[1].Value;
}
