using System.Text.Json.Nodes;

namespace TapMysql.Tests;

/// <summary>The same table name in two databases: two catalog entries that must not write one stream.</summary>
public sealed class StreamAliasTests : MysqlTest, IAsyncLifetime
{
    private readonly MysqlDatabase _other = new();

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await _other.InitializeAsync();
        await Db.ExecuteAsync("CREATE TABLE inc (id INT PRIMARY KEY, v VARCHAR(5)); INSERT INTO inc VALUES (1,'a1'),(2,'a2');");
        await _other.ExecuteAsync("CREATE TABLE inc (id INT PRIMARY KEY, v VARCHAR(5)); INSERT INTO inc VALUES (1,'b1');");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await _other.DisposeAsync();
        await DisposeAsync();
    }

    private string Config() => Db.WriteConfig(new JsonObject { ["filter_dbs"] = $"{Db.Name},{_other.Name}" });

    private JsonObject OtherEntry(JsonObject catalog) =>
        catalog["streams"]!.AsArray().Single(s => (string)s!["tap_stream_id"]! == $"{_other.Name}-inc")!.AsObject();

    [Fact]
    public async Task Sync_SameTableInTwoDatabases_Exits2NamingBothBeforeAnyOutput()
    {
        var config = Config();
        var catalog = await TapRun.SelectAllAsync(Db, config);

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        var (first, second) = string.CompareOrdinal(Db.Name, _other.Name) < 0 ? (Db.Name, _other.Name) : (_other.Name, Db.Name);
        run.Stderr.Trim().Should().Be(
            $"CRITICAL catalog streams '{first}-inc' and '{second}-inc' would both be written as stream 'inc' and load into one table: " +
            "give one of them a \"stream_alias\" in the catalog, or deselect one");
    }

    [Fact]
    public async Task Sync_AliasDifferingOnlyInCase_Exits2()
    {
        var config = Config();
        var catalog = await TapRun.SelectAllAsync(Db, config, edit: c => OtherEntry(c)["stream_alias"] = "INC");

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(2);
        run.Stdout.Should().BeEmpty();
        var (first, second) = string.CompareOrdinal(Db.Name, _other.Name) < 0 ? ("inc", "INC") : ("INC", "inc");
        run.Stderr.Trim().Should().Contain($"would both be written as streams '{first}' and '{second}' (one name without case)");
    }

    [Theory]
    [InlineData("entry")]
    [InlineData("metadata")]
    public async Task Sync_SecondEntryWithStreamAlias_EachTableUnderItsOwnStream(string where)
    {
        var config = Config();
        var catalog = await TapRun.SelectAllAsync(Db, config, edit: c =>
        {
            var other = OtherEntry(c);
            if (where == "entry")
            {
                other["stream_alias"] = "b_inc";
            }
            else
            {
                TapRun.Metadata(other, [])["stream_alias"] = "b_inc";
            }
        });

        var run = await TapRun.RunAsync("--config", config, "--catalog", catalog);

        run.ExitCode.Should().Be(0, run.Stderr);
        var messages = TapRun.Messages(run.Stdout).Where(m => m["stream"] is not null).ToList();
        string[] Of(string stream, string type) => messages
            .Where(m => (string)m["stream"]! == stream && (string)m["type"]! == type)
            .Select(m => m["record"]?["v"]?.GetValue<string>() ?? type).ToArray();
        Of("inc", "RECORD").Should().Equal("a1", "a2");
        Of("b_inc", "RECORD").Should().Equal("b1");
        Of("inc", "SCHEMA").Should().ContainSingle();
        Of("b_inc", "SCHEMA").Should().ContainSingle();
        Of("b_inc", "ACTIVATE_VERSION").Should().HaveCount(2);
        TapRun.LastState(run.Stdout)["bookmarks"]!.AsObject().Select(b => b.Key)
            .Should().BeEquivalentTo($"{Db.Name}-inc", $"{_other.Name}-inc");
    }
}
