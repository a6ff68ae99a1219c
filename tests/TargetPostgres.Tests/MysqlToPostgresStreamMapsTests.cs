using TapMysql.Tests;

namespace TargetPostgres.Tests;

/// <summary>
/// tap-mysql applying stream maps (the SDK's tap writer path, over its straight-to-JSON record encoder) piped into
/// target-postgres, on the real MariaDB and PostgreSQL: the exact table contents that land.
/// </summary>
public sealed class MysqlToPostgresStreamMapsTests : IAsyncLifetime
{
    private readonly MysqlDatabase _mysql = new();
    private readonly PostgresDatabase _pg = new();

    public async Task InitializeAsync()
    {
        await _mysql.InitializeAsync();
        await _pg.InitializeAsync();
        await _mysql.ExecuteAsync("""
            CREATE TABLE customers (id INT PRIMARY KEY, email VARCHAR(100), amount DECIMAL(38,10), name VARCHAR(50), born DATE, profile JSON);
            INSERT INTO customers VALUES
              (1, 'Ada@Example.com', 0.1000000000, 'Ada', '1815-12-10', '{"lang": "en", "tags": ["math"]}'),
              (2, 'bob@other.org', 0.2000000000, 'Bob', '1990-01-01', NULL),
              (3, 'cy@example.com', 1234567890123456789012345678.1234567890, 'Cy', NULL, '{"lang": "fr"}');
            CREATE TABLE audit (id INT PRIMARY KEY, what VARCHAR(10));
            INSERT INTO audit VALUES (1, 'x');
            """);
    }

    public async Task DisposeAsync()
    {
        await _pg.DisposeAsync();
        await _mysql.DisposeAsync();
    }

    private static string Sha256(string text) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public async Task TapWithStreamMaps_IntoTargetPostgres_LoadsTheMappedRows()
    {
        var tapConfig = _mysql.WriteConfig(JsonNode.Parse("""
            {"stream_maps": {
               "customers": {"__alias__": "clients", "__filter__": "email.lower().endswith('@example.com')",
                             "email": null, "email_hash": "sha256(config['salt'] + email.lower())",
                             "total": "amount + 0.2", "born_year": "int(born[:4]) if born else None", "lang": "profile['lang'] if profile else None",
                             "profile": null},
               "audit": null},
             "stream_map_config": {"salt": "s"}}
            """)!.AsObject());
        var catalog = await SelectAllAsync(tapConfig);

        var tap = await Executable.RunAsync("tap-mysql", ["--config", tapConfig, "--catalog", catalog]);
        tap.ExitCode.Should().Be(0, tap.Stderr);
        var load = await _pg.LoadAsync(tap.Stdout);

        load.ExitCode.Should().Be(0, load.Stderr);
        (await _pg.RowsAsync("clients", "id", "id", "name", "email_hash", "amount", "total", "born_year", "lang")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "Ada", Sha256("sada@example.com"), "0.1000000000", "0.3000000000", "1815", "en" },
            new[] { "3", "Cy", Sha256("scy@example.com"), "1234567890123456789012345678.1234567890", "1234567890123456789012345678.3234567890", null, "fr" },
        }, o => o.WithStrictOrdering());
        (await _pg.ColumnTypesAsync("clients")).Keys.Should().Equal("id", "amount", "name", "born", "email_hash", "total", "born_year", "lang", "_sdc_table_version");
        (await _pg.QueryAsync($"SELECT table_name::text FROM information_schema.tables WHERE table_schema = '{_pg.Schema}' ORDER BY 1"))
            .Select(r => (string)r[0]!).Should().Equal("clients");
    }

    [Fact]
    public async Task TapThroughSingerMap_IntoTargetPostgres_LoadsTheMappedRows()
    {
        var tapConfig = _mysql.WriteConfig();
        var catalog = await SelectAllAsync(tapConfig);
        var mapConfig = _mysql.WriteFile("maps.json", """
            {"stream_maps": {"customers": {"__else__": null, "name": "name.upper()", "cents": "int(amount * 100) if amount < 1000 else None"}, "audit": {"__alias__": "audit_log"}}}
            """);

        var tap = await Executable.RunAsync("tap-mysql", ["--config", tapConfig, "--catalog", catalog]);
        tap.ExitCode.Should().Be(0, tap.Stderr);
        var mapped = await Executable.RunAsync("singer-map", ["--config", mapConfig], stdin: tap.Stdout);
        mapped.ExitCode.Should().Be(0, mapped.Stderr);
        var load = await _pg.LoadAsync(mapped.Stdout);

        load.ExitCode.Should().Be(0, load.Stderr);
        var lastTapState = JsonNode.Parse(tap.Stdout.Split('\n').Last(l => l.Contains("\"STATE\"", StringComparison.Ordinal)))!["value"]!.ToJsonString();
        load.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last().Should().Be(lastTapState);
        (await _pg.RowsAsync("customers", "id", "id", "name", "cents")).Should().BeEquivalentTo(new[]
        {
            new[] { "1", "ADA", "10" }, new[] { "2", "BOB", "20" }, new[] { "3", "CY", null },
        }, o => o.WithStrictOrdering());
        (await _pg.RowsAsync("audit_log", "id", "id", "what")).Should().BeEquivalentTo(new[] { new[] { "1", "x" } });
    }

    [Fact]
    public async Task TapWithAFailingMap_ExitsOneNamingStreamAndProperty()
    {
        var tapConfig = _mysql.WriteConfig(JsonNode.Parse("""{"stream_maps": {"customers": {"n": "int(name)"}, "audit": null}}""")!.AsObject());
        var catalog = await SelectAllAsync(tapConfig);

        var tap = await Executable.RunAsync("tap-mysql", ["--config", tapConfig, "--catalog", catalog]);

        tap.ExitCode.Should().Be(1, tap.Stderr);
        tap.Stderr.Split('\n').Where(l => l.StartsWith("CRITICAL", StringComparison.Ordinal)).Should().Equal(
            "CRITICAL stream 'customers': property 'n': stream map expression int(name) failed: ValueError: invalid literal for int() with base 10: 'Ada'");
    }

    [Fact]
    public async Task TapWithAMapNamingAMissingColumn_ExitsTwoBeforeAnyRecord()
    {
        var tapConfig = _mysql.WriteConfig(JsonNode.Parse("""{"stream_maps": {"customers": {"n": "nme.upper()"}}}""")!.AsObject());
        var catalog = await SelectAllAsync(tapConfig);

        var tap = await Executable.RunAsync("tap-mysql", ["--config", tapConfig, "--catalog", catalog]);

        tap.ExitCode.Should().Be(2, tap.Stderr);
        tap.Stdout.Should().NotContain("\"RECORD\"");
        tap.Stderr.Should().Contain("CRITICAL stream_maps: stream 'customers': property 'n': column 1: name 'nme' is not defined: the stream has no property 'nme' (did you mean 'name'?): \"nme.upper()\"");
    }

    private async Task<string> SelectAllAsync(string config)
    {
        var discover = await Executable.RunAsync("tap-mysql", ["--config", config, "--discover"]);
        discover.ExitCode.Should().Be(0, discover.Stderr);
        var catalog = JsonNode.Parse(discover.Stdout)!.AsObject();
        foreach (var stream in catalog["streams"]!.AsArray())
        {
            foreach (var entry in stream!["metadata"]!.AsArray())
            {
                if (entry!["breadcrumb"]!.AsArray().Count == 0)
                {
                    entry["metadata"]!["selected"] = true;
                    entry["metadata"]!["replication-method"] = "FULL_TABLE";
                }
            }
        }
        return _mysql.WriteFile("catalog.json", catalog.ToJsonString());
    }
}
