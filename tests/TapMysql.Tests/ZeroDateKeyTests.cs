using System.Text.Json.Nodes;

namespace TapMysql.Tests;

/// <summary>Zero and impossible dates in a primary key: bookmarked by the server's text, never null in a record.</summary>
public sealed class ZeroDateKeyTests : MysqlTest
{
    private string Id => $"{Db.Name}-z";

    private async Task SeedAsync() =>
        await Db.ExecuteAsync("""
            CREATE TABLE z (k DATETIME PRIMARY KEY, v INT);
            SET SESSION sql_mode = '';
            INSERT INTO z VALUES ('0000-00-00 00:00:00', 1), ('0000-00-00 12:30:00', 2), ('2024-01-01 00:00:00', 3),
              ('2024-02-00 10:00:00', 4), ('2024-03-01 00:00:00', 5);
            """);

    private string State(string bookmark) =>
        Db.WriteFile("state.json", $$$"""{"currently_syncing":"{{{Id}}}","bookmarks":{"{{{Id}}}":{{{bookmark}}}}}""");

    [Fact]
    public async Task Sync_ZeroDateKeys_StandInInRecordsServerTextInBookmarks()
    {
        await SeedAsync();
        var config = Db.WriteConfig(new JsonObject { ["export_batch_rows"] = 1 });
        var catalog = await TapRun.SelectAllAsync(Db, config);

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        TapRun.Records(run.Stdout).Select(r => r.ToJsonString()).Should().Equal(
            """{"k":"0001-01-01T00:00:00.000000Z","v":1}""",
            """{"k":"0001-01-01T12:30:00.000000Z","v":2}""",
            """{"k":"2024-01-01T00:00:00.000000Z","v":3}""",
            """{"k":"0001-01-01T10:00:00.000000Z","v":4}""",
            """{"k":"2024-03-01T00:00:00.000000Z","v":5}""");
        TapRun.Messages(run.Stdout)
            .Where(m => (string)m["type"]! == "STATE" && m["value"]!["bookmarks"]?[Id]?["last_pk_fetched"] is not null)
            .Select(m => m["value"]!["bookmarks"]![Id]!["last_pk_fetched"]!["k"]!.GetValue<string>())
            .Should().Equal("0000-00-00 00:00:00", "0000-00-00 12:30:00", "2024-01-01T00:00:00.000000Z", "2024-02-00 10:00:00", "2024-03-01T00:00:00.000000Z");
        run.Stderr.Should().Contain($"WARNING stream 'z': column 'k' holds zero or invalid dates (0000-00-00 00:00:00); they are written as 0001-01-01 with their time of day");
        run.Stderr.Split('\n').Count(l => l.Contains("column 'k'", StringComparison.Ordinal)).Should().Be(1);
    }

    [Theory]
    [InlineData("0000-00-00 00:00:00", new[] { 2, 3, 4, 5 })]
    [InlineData("0000-00-00 12:30:00", new[] { 3, 4, 5 })]
    [InlineData("2024-02-00 10:00:00", new[] { 5 })]
    public async Task Sync_ResumeAfterZeroDateKey_ContinuesStrictlyAfterIt(string lastKey, int[] expected)
    {
        await SeedAsync();
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config);
        var state = State($$$"""{"version":7,"max_pk_values":{"k":"2024-03-01T00:00:00.000000Z"},"last_pk_fetched":{"k":"{{{lastKey}}}"}}""");

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog, "--state", state);

        run.ExitCode.Should().Be(0, run.Stderr);
        TapRun.Records(run.Stdout).Select(r => (int)r["v"]!).Should().Equal(expected);
        TapRun.Messages(run.Stdout).Where(m => m["version"] is not null).Should().OnlyContain(m => (long)m["version"]! == 7);
    }

    [Fact]
    public async Task Sync_StateWithNullKeyBookmark_RestartsFromFirstRowWithSameVersion()
    {
        await SeedAsync();
        var config = Db.WriteConfig();
        var catalog = await TapRun.SelectAllAsync(Db, config);
        // What the Python tap (and this tap before) wrote after a zero-date row.
        var state = State("""{"version":7,"max_pk_values":{"k":"2024-03-01T00:00:00.000000Z"},"last_pk_fetched":{"k":null}}""");

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog, "--state", state);

        run.ExitCode.Should().Be(0, run.Stderr);
        TapRun.Records(run.Stdout).Select(r => (int)r["v"]!).Should().Equal(1, 2, 3, 4, 5);
        TapRun.Messages(run.Stdout).Where(m => m["version"] is not null).Should().OnlyContain(m => (long)m["version"]! == 7);
        run.Stderr.Should().Contain($"WARNING stream '{Id}': bookmark last_pk_fetched {{\"k\":null}} has a null key value, which cannot be compared; " +
            "the copy starts again from the first row (rows already sent are sent again)");
        TapRun.LastState(run.Stdout)["bookmarks"]![Id]!.ToJsonString().Should().Be("""{"initial_full_table_complete":true}""");
    }

    [Fact]
    public async Task Sync_ZeroDateKeyIsTheMaximum_MaxBookmarkIsServerText()
    {
        await Db.ExecuteAsync("""
            CREATE TABLE z (k DATE PRIMARY KEY, v INT);
            SET SESSION sql_mode = '';
            INSERT INTO z VALUES ('0000-00-00', 1);
            """);
        var config = Db.WriteConfig(new JsonObject { ["export_batch_rows"] = 1 });
        var catalog = await TapRun.SelectAllAsync(Db, config);

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        TapRun.Records(run.Stdout).Single().ToJsonString().Should().Be("""{"k":"0001-01-01","v":1}""");
        var checkpoint = TapRun.Messages(run.Stdout).Single(m => (string)m["type"]! == "STATE" && m["value"]!["bookmarks"]?[Id]?["max_pk_values"] is not null);
        checkpoint["value"]!["bookmarks"]![Id]!.ToJsonString().Should().Be(
            """{"version":{v},"max_pk_values":{"k":"0000-00-00"},"last_pk_fetched":{"k":"0000-00-00"}}""".Replace("{v}", checkpoint["value"]!["bookmarks"]![Id]!["version"]!.ToJsonString(), StringComparison.Ordinal));
    }
}
