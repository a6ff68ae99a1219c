using Singer.Sdk;
using SingerRun.Project;

namespace SingerRun.Tests;

/// <summary>Reading meltano.yml and applying it to a catalog, in process (warnings captured from the log).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProjectFileTests : IDisposable
{
    private readonly RunDirectory _dir = new();
    private readonly StringWriter _log = new();
    private readonly TextWriter _previous;
    private readonly string _suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();

    public ProjectFileTests() => _previous = Log.RedirectTo(_log);

    public void Dispose()
    {
        Log.RedirectTo(_previous);
        _dir.Dispose();
    }

    private MeltanoProject Load(string yaml) => MeltanoProject.Load(_dir.Write("meltano.yml", yaml));

    private string[] Warnings => _log.ToString().Split('\n').Where(l => l.StartsWith("WARNING", StringComparison.Ordinal)).ToArray();

    [Fact]
    public void Config_EnvironmentExpandedAndOverridden_AsMeltano()
    {
        Environment.SetEnvironmentVariable($"SR_HOST_{_suffix}", "db.internal");
        Environment.SetEnvironmentVariable($"SR_PW_{_suffix}", "pa55");
        Environment.SetEnvironmentVariable($"TAP_DB_{_suffix}_PORT", "3310");
        Environment.SetEnvironmentVariable($"TAP_DB_{_suffix}_BATCH_ROWS", "7");
        var project = Load($$"""
            version: 1
            plugins:
              extractors:
              - name: tap-db-{{_suffix.ToLowerInvariant()}}
                executable: tap-mysql
                config:
                  host: $SR_HOST_{{_suffix}}
                  port: 3306
                  dsn: "mysql://u:${SR_PW_{{_suffix}}}@$SR_HOST_{{_suffix}}/x"
                  missing: "a${SR_UNSET_{{_suffix}}}b"
                  nested: {list: ["$SR_HOST_{{_suffix}}"]}
                settings:
                - name: batch-rows
                  kind: integer
            """);

        var config = PluginSettings.Resolve(project.Extractors[$"tap-db-{_suffix.ToLowerInvariant()}"]);

        SingerJson.Serialize(config).Should().Be(
            """{"host":"db.internal","port":3310,"dsn":"mysql://u:pa55@db.internal/x","missing":"ab","nested":{"list":["db.internal"]},"batch-rows":7}""");
        Warnings.Should().Equal($"WARNING tap-db-{_suffix.ToLowerInvariant()}'s config key 'missing': environment variable SR_UNSET_{_suffix} is not set; it is replaced by an empty string");
        _log.ToString().Should().Contain($"config key 'port' set from the environment variable TAP_DB_{_suffix}_PORT");
    }

    [Fact]
    public void InheritFrom_TakesTheParentsConfigAndExtras_ChildKeysWin()
    {
        var project = Load("""
            plugins:
              extractors:
              - name: tap-mysql
                config: {host: a, port: 1}
                select: [db-orders.*]
              - name: tap-mysql-eu
                inherit_from: tap-mysql
                config: {host: b}
              loaders:
              - name: target-postgres
                executable: ./bin/target-postgres
            """);

        var child = project.Extractors["tap-mysql-eu"];
        child.Executable.Should().Be("tap-mysql");
        SingerJson.Serialize(child.Config).Should().Be("""{"host":"b","port":1}""");
        child.Select.Should().Equal("db-orders.*");
        project.Loaders["target-postgres"].Executable.Should().Be("./bin/target-postgres");
        Warnings.Should().BeEmpty();
    }

    [Fact]
    public void UnknownKeys_OneWarningEach_InstallKeysIgnoredQuietly()
    {
        Load("""
            version: 1
            project_id: 123
            environments: [{name: dev}]
            plugins:
              extractors:
              - name: tap-mysql
                pip_url: pipelinewise-tap-mysql
                variant: transferwise
                select_filter: [x]
                load_schema: raw
              loaders:
              - name: target-postgres
              mappers:
              - name: meltano-map-transformer
            state_backend:
              uri: file:///tmp/x
              lock_timeout_seconds: 10
            jobs:
            - name: j
              tasks: [tap-mysql target-postgres]
              retries: 3
            """);

        Warnings.Should().Equal(
            "WARNING meltano.yml: key 'environments' is not supported by singer-run and is ignored",
            "WARNING meltano.yml: key 'plugins.extractors[tap-mysql].select_filter' is not supported by singer-run and is ignored",
            "WARNING meltano.yml: key 'plugins.extractors[tap-mysql].load_schema' is not supported by singer-run and is ignored",
            "WARNING meltano.yml: key 'state_backend.lock_timeout_seconds' is not supported by singer-run and is ignored",
            "WARNING meltano.yml: key 'jobs[j].retries' is not supported by singer-run and is ignored");
    }

    [Fact]
    public void JobsAndSchedules_EachPipelineOnce_UnsupportedTasksKeptAsFailures()
    {
        var project = Load("""
            plugins:
              extractors: [{name: tap-a}, {name: tap-b}]
              loaders: [{name: target-x}, {name: target-y}]
              mappers: [{name: m}]
            jobs:
            - name: one
              tasks:
              - tap-a target-x tap-b target-x
              - [tap-a target-y]
            - name: mapped
              tasks: tap-b m target-y
            schedules:
            - {name: daily, job: one, interval: '@daily'}
            - {name: legacy, extractor: tap-b, loader: target-y, transform: skip, interval: '@hourly'}
            - {name: again, extractor: tap-a, loader: target-x, interval: '@hourly'}
            """);

        project.Pipelines.Select(p => (p.StateId, p.Problem is null)).Should().Equal(
            ("tap-a-to-target-x", true), ("tap-b-to-target-x", true), ("tap-a-to-target-y", true), ("tap-b-to-m", false), ("tap-b-to-target-y", true));
        project.Pipelines[3].Problem.Should().Be("job 'mapped': task 'tap-b m target-y' is not a run of EXTRACTOR LOADER pairs of this project (mappers, commands and other plugins are not run by singer-run)");
        Warnings.Should().BeEmpty();
    }

    private static Catalog SampleCatalog() => Catalog.Parse((Dictionary<string, object?>)SingerJson.Parse("""
        {"streams": [
          {"tap_stream_id": "shop-orders", "stream": "orders", "schema": {"properties": {"id": {"type": "integer"}, "note": {"type": "string"},
             "address": {"type": "object", "properties": {"city": {"type": "string"}, "zip": {"type": "string"}}}}},
           "metadata": [{"breadcrumb": [], "metadata": {"table-key-properties": ["id"]}},
                        {"breadcrumb": ["properties", "id"], "metadata": {"inclusion": "automatic"}},
                        {"breadcrumb": ["properties", "note"], "metadata": {"inclusion": "available"}}]},
          {"tap_stream_id": "shop-customers", "stream": "customers", "schema": {"properties": {"id": {"type": "integer"}, "secret": {"type": "string"}}},
           "metadata": [{"breadcrumb": ["properties", "secret"], "metadata": {"inclusion": "unsupported"}}]},
          {"tap_stream_id": "audit-log", "stream": "log", "schema": {"properties": {"id": {"type": "integer"}}}, "metadata": []}
        ]}
        """)!);

    private static Dictionary<string, bool?> Selection(Catalog catalog) => catalog.Streams
        .SelectMany(s => s.Metadata.Entries.Select(e => (Key: s.TapStreamId + string.Concat(e.Breadcrumb.Parts.Where((_, i) => i % 2 == 1).Select(p => "." + p)), Value: e.Metadata.GetValueOrDefault("selected") as bool?)))
        .ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Select_GlobsAndExclusions_AsMeltanoAppliesThem()
    {
        var catalog = SampleCatalog();

        CatalogRules.Apply(catalog, ["shop-*.*", "!shop-orders.note", "!*-customers.secret", "audit-log.id"], []);

        Selection(catalog).Should().Equal(new Dictionary<string, bool?>
        {
            ["shop-orders"] = true, ["shop-orders.id"] = true, ["shop-orders.note"] = false,
            ["shop-orders.address"] = true, ["shop-orders.address.city"] = true, ["shop-orders.address.zip"] = true,
            // An unsupported property is never selected.
            ["shop-customers"] = true, ["shop-customers.secret"] = false, ["shop-customers.id"] = true,
            ["audit-log"] = true, ["audit-log.id"] = true,
        });
        catalog.SelectedStreams.Select(s => s.TapStreamId).Should().Equal("shop-orders", "shop-customers", "audit-log");
        catalog.Find("shop-orders")!.SelectedProperties.Should().Equal("id", "address");
    }

    [Fact]
    public void Select_AStreamExcludedWhole_AndNoSelectMeansEverything()
    {
        var excluded = SampleCatalog();
        CatalogRules.Apply(excluded, ["*", "!shop-customers", "!audit-*.*"], []);
        excluded.SelectedStreams.Select(s => s.TapStreamId).Should().Equal("shop-orders");

        var all = SampleCatalog();
        CatalogRules.Apply(all, CatalogRules.SelectAll, []);
        all.SelectedStreams.Should().HaveCount(3);
    }

    [Fact]
    public void Metadata_PerStreamWithGlobs_LaterRulesWin_PropertiesToo()
    {
        var catalog = SampleCatalog();
        var metadata = (Dictionary<string, object?>)SingerJson.Parse("""
            {"shop-*": {"replication-method": "INCREMENTAL", "replication-key": "id"},
             "shop-customers": {"replication-method": "FULL_TABLE", "id": {"custom": 1}},
             "audit-log": {"properties": {"id": {"custom": 2}}}}
            """)!;

        CatalogRules.Apply(catalog, CatalogRules.SelectAll, metadata);

        catalog.Find("shop-orders")!.ReplicationMethod.Should().Be("INCREMENTAL");
        catalog.Find("shop-orders")!.ReplicationKey.Should().Be("id");
        catalog.Find("shop-customers")!.ReplicationMethod.Should().Be("FULL_TABLE");
        catalog.Find("shop-customers")!.Metadata.GetProperty("id", "custom").Should().Be(1L);
        catalog.Find("audit-log")!.Metadata.GetProperty("id", "custom").Should().Be(2L);
        catalog.Find("audit-log")!.ReplicationMethod.Should().BeNull();
    }

    [Theory]
    [InlineData("plugins: [", "meltano.yml is not valid YAML (line 2, column 1): While parsing a node, did not find expected node content.")]
    [InlineData("- a\n- b", "meltano.yml must be a YAML mapping")]
    [InlineData("plugins:\n  extractors:\n  - executable: x", "plugins.extractors: every plugin needs a name (line 3)")]
    [InlineData("plugins:\n  extractors:\n  - {name: a, inherit_from: tap-hub}", "plugins.extractors[a].inherit_from: 'tap-hub' is not an extractor of this project")]
    public void ABadFile_IsOneClearError(string yaml, string error)
    {
        var act = () => Load(yaml);

        act.Should().Throw<ConfigurationException>().Which.Message.Should().StartWith(error);
    }
}
