namespace SingerRun.Tests;

/// <summary>
/// <c>singer-run run</c> on a meltano.yml whose plugins are small shell scripts (a tap that discovers a fixed catalog
/// and writes one record and a state naming itself, a target that relays states, one that fails): discovery caching,
/// the catalog and config handed to the tap, secrets, <c>--all --jobs</c> and <c>--shard</c>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProjectPipelinesTests : IDisposable
{
    private readonly RunDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Project => Path.Combine(_dir.Path, "meltano.yml");

    private static readonly string[] Taps = ["tap-a", "tap-b", "tap-c"];

    /// <summary>Writes the plugins and a meltano.yml with <paramref name="rest"/> appended (jobs, schedules).</summary>
    private void WriteProject(string rest, string extraTapConfig = "")
    {
        _dir.Write("catalog.json", """
            {"streams": [
              {"tap_stream_id": "s", "stream": "s", "schema": {"properties": {"id": {"type": "integer"}, "note": {"type": "string"}}}, "metadata": []},
              {"tap_stream_id": "t", "stream": "t", "schema": {"properties": {"id": {"type": "integer"}}}, "metadata": []}]}
            """);
        var dir = RunDirectory.Quote(_dir.Path);
        foreach (var tap in Taps)
        {
            _dir.Script(tap, $$$$"""
                if [ "$3" = "--discover" ]; then echo {{{{tap}}}} >> {{{{dir}}}}/discover.log; cat {{{{dir}}}}/catalog.json; exit 0; fi
                cp "$4" {{{{dir}}}}/seen-catalog-{{{{tap}}}}.json
                if [ "$5" = "--state" ]; then echo "given state: $(cat "$6")" >&2; fi
                echo '{"type":"SCHEMA","stream":"s","schema":{"properties":{"id":{"type":"integer"}}},"key_properties":["id"]}'
                echo '{"type":"RECORD","stream":"s","record":{"id":1}}'
                echo '{"type":"STATE","value":{"tap":"{{{{tap}}}}"}}'
                """);
        }
        _dir.Script("target-ok", """grep --line-buffered '"type":"STATE"' | sed -u 's/.*"value"://; s/}$//'""");
        _dir.Script("target-fail", "cat > /dev/null\necho 'CRITICAL boom' >&2\nexit 1");
        _dir.Write("meltano.yml", $"""
            version: 1
            plugins:
              extractors:
              - name: tap-a
                executable: ./tap-a
                config: {"{"}host: a{extraTapConfig}{"}"}
                select: [s.*, '!s.note']
              - {"{"}name: tap-b, executable: ./tap-b{"}"}
              - {"{"}name: tap-c, executable: ./tap-c{"}"}
              loaders:
              - {"{"}name: target-ok, executable: ./target-ok{"}"}
              - {"{"}name: target-ok2, executable: ./target-ok{"}"}
              - {"{"}name: target-fail, executable: ./target-fail{"}"}
            {rest}
            """);
    }

    private static Task<ProcessResult> RunAsync(Dictionary<string, string>? environment, params string[] args) =>
        Executable.RunAsync("singer-run", args, environment: environment);

    private string StateOf(string stateId) => File.ReadAllText(Path.Combine(_dir.Path, ".singer", "state", stateId, "state.json")).Trim();

    private int Discoveries => File.Exists(Path.Combine(_dir.Path, "discover.log")) ? File.ReadAllLines(Path.Combine(_dir.Path, "discover.log")).Length : 0;

    [Fact]
    public async Task Run_DiscoveryCachedPerConfig_SelectionApplied_StateUnderTapToTarget()
    {
        WriteProject("");

        var first = await RunAsync(null, "run", "tap-a", "target-ok", "--project", Project);

        first.ExitCode.Should().Be(0, first.Stderr);
        first.Stderr.Should().Contain("INFO tap-a: discovering (no catalog cached for this config)").And.Contain("INFO tap-a: 1 of 2 streams selected: s");
        StateOf("tap-a-to-target-ok").Should().Be("""{"completed":{"singer_state":{"tap":"tap-a"}},"partial":{}}""");
        var seen = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_dir.Path, "seen-catalog-tap-a.json")))!["streams"]!.AsArray();
        seen.Select(s => s!["metadata"]!.ToJsonString()).Should().Equal(
            """[{"breadcrumb":[],"metadata":{"inclusion":"automatic","selected":true}},{"breadcrumb":["properties","id"],"metadata":{"inclusion":"automatic","selected":true}},{"breadcrumb":["properties","note"],"metadata":{"inclusion":"automatic","selected":false}}]""",
            """[{"breadcrumb":[],"metadata":{"inclusion":"automatic","selected":false}},{"breadcrumb":["properties","id"],"metadata":{"inclusion":"automatic","selected":false}}]""");

        var second = await RunAsync(null, "run", "tap-a", "target-ok", "--project", Project);

        second.ExitCode.Should().Be(0, second.Stderr);
        second.Stderr.Should().Contain("INFO tap-a: using the catalog discovered before with this config").And.Contain("""tap | given state: {"tap":"tap-a"}""");
        Discoveries.Should().Be(1);

        // A changed config (here through Meltano's <PLUGIN>_<SETTING> variable) is discovered anew, and replaces the cached catalog.
        var changed = await RunAsync(new() { ["TAP_A_HOST"] = "b" }, "run", "tap-a", "target-ok", "--project", Project);

        changed.ExitCode.Should().Be(0, changed.Stderr);
        changed.Stderr.Should().Contain("config key 'host' set from the environment variable TAP_A_HOST").And.Contain("tap-a: discovering");
        Discoveries.Should().Be(2);
        Directory.GetFiles(Path.Combine(_dir.Path, ".singer", "discovery", "tap-a")).Should().HaveCount(1);
        (await RunAsync(null, "run", "tap-a", "target-ok", "--project", Project, "--refresh-catalog")).Stderr.Should().Contain("tap-a: discovering (--refresh-catalog)");
        Discoveries.Should().Be(3);
    }

    [Fact]
    public async Task Run_SecretsNeverPrinted_ConfigFilePrivateAndDeleted()
    {
        WriteProject("", ", password: 'Sup3r-S3cret!', api_token: $SR_TEST_TOKEN");
        _dir.Script("tap-a", $"""
            if [ "$3" = "--discover" ]; then cat {RunDirectory.Quote(Path.Combine(_dir.Path, "catalog.json"))}; exit 0; fi
            echo "config file $2 mode $(stat -c %a "$2")" >&2
            cat "$2" >&2; echo >&2
            exit 3
            """);

        var result = await RunAsync(new() { ["SR_TEST_TOKEN"] = "tok-98765-xyz" }, "run", "tap-a", "target-ok", "--project", Project, "--state-id", "secret-run");

        result.ExitCode.Should().Be(1);
        result.Stderr.Should().NotContain("Sup3r-S3cret!").And.NotContain("tok-98765-xyz");
        // The tap prints its config and fails: the lines passed on are masked, the failure line too.
        result.Stderr.Should().Contain("""tap | {"host":"a","password":"********","api_token":"********"}""")
            .And.Contain("""the tap failed (tap exit 3, target exit 0); 0 states stored, the stored state is unchanged; the tap's last line: {"host":"a","password":"********","api_token":"********"}""");
        var line = result.Stderr.Split('\n').First(l => l.Contains("config file "));
        line.Should().EndWith("mode 600");
        var configFile = line.Split(' ')[^3];
        File.Exists(configFile).Should().BeFalse();
        Directory.Exists(Path.GetDirectoryName(configFile)).Should().BeFalse();
    }

    [Fact]
    public async Task All_TwoAtATime_AFailingPipelineDoesNotStopTheOthers_ExitOne()
    {
        WriteProject("""
            jobs:
            - name: nightly
              tasks: [tap-a target-ok, tap-c target-fail, tap-b target-ok]
            schedules:
            - {name: with-mapper, extractor: tap-b, loader: mapper-x, interval: '@daily'}
            """);

        var result = await RunAsync(null, "run", "--all", "--jobs", "2", "--project", Project);

        result.ExitCode.Should().Be(1, result.Stderr);
        var lines = result.Stderr.Split('\n');
        lines.Should().Contain("INFO run --all: 4 of the project's 4 pipelines, 2 at a time");
        lines.Should().Contain(l => l.StartsWith("INFO pipeline tap-a-to-target-ok: ok in ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("INFO pipeline tap-b-to-target-ok: ok in ", StringComparison.Ordinal));
        lines.Should().Contain(l => l.StartsWith("ERROR pipeline tap-c-to-target-fail: failed in ", StringComparison.Ordinal)
            && l.Contains("the target failed (tap exit 0, target exit 1)") && l.EndsWith("the target's last line: CRITICAL boom", StringComparison.Ordinal));
        lines.Should().Contain("ERROR pipeline tap-b-to-mapper-x: failed in 0.0 s: schedule 'with-mapper': 'tap-b' or 'mapper-x' is not an extractor/loader of this project");
        lines.Should().Contain("tap-c-to-target-fail target | CRITICAL boom");
        lines[^2].Should().Be("INFO run --all: 2 ok, 2 failed");
        StateOf("tap-a-to-target-ok").Should().Be("""{"completed":{"singer_state":{"tap":"tap-a"}},"partial":{}}""");
        StateOf("tap-b-to-target-ok").Should().Be("""{"completed":{"singer_state":{"tap":"tap-b"}},"partial":{}}""");
        File.Exists(Path.Combine(_dir.Path, ".singer", "state", "tap-c-to-target-fail", "state.json")).Should().BeFalse();
    }

    [Fact]
    public async Task Shard_ThreeWorkers_EveryPipelineExactlyOnce_TheIndexedJobEnvironmentToo()
    {
        WriteProject("""
            jobs:
            - name: all
              tasks: [tap-a target-ok, tap-b target-ok, tap-c target-ok, tap-a target-ok2, tap-b target-ok2]
            """);

        var workers = await Task.WhenAll(
            RunAsync(null, "run", "--all", "--shard", "0/3", "--project", Project),
            RunAsync(null, "run", "--all", "--shard", "1/3", "--jobs", "2", "--project", Project),
            RunAsync(new() { ["JOB_COMPLETION_INDEX"] = "2", ["JOB_COMPLETION_COUNT"] = "3" }, "run", "--all", "--project", Project));

        workers.Should().AllSatisfy(w => w.ExitCode.Should().Be(0, w.Stderr));
        string[] Ran(ProcessResult worker) => [.. worker.Stderr.Split('\n').Where(l => l.StartsWith("INFO pipeline ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2].TrimEnd(':'))];
        Ran(workers[0]).Should().Equal("tap-a-to-target-ok", "tap-a-to-target-ok2");
        Ran(workers[1]).Should().Equal("tap-b-to-target-ok", "tap-b-to-target-ok2");
        Ran(workers[2]).Should().Equal("tap-c-to-target-ok");
        workers[2].Stderr.Should().Contain("INFO run --all: 1 of the project's 5 pipelines (shard 2/3), 1 at a time");
        foreach (var stateId in new[] { "tap-a-to-target-ok", "tap-b-to-target-ok", "tap-c-to-target-ok", "tap-a-to-target-ok2", "tap-b-to-target-ok2" })
        {
            StateOf(stateId).Should().Contain($"\"tap\":\"{stateId[..5]}\"");
        }
    }

    [Fact]
    public async Task StateBackend_FromTheProject_TheMeltanoVariableWins()
    {
        var fromFile = Path.Combine(_dir.Path, "from-file");
        var fromVariable = Path.Combine(_dir.Path, "from-variable");
        WriteProject($"state_backend:\n  uri: file://{fromFile}");

        (await RunAsync(null, "run", "tap-b", "target-ok", "--project", Project)).ExitCode.Should().Be(0);
        (await RunAsync(new() { ["MELTANO_STATE_BACKEND_URI"] = "file://" + fromVariable }, "run", "tap-c", "target-ok", "--project", Project)).ExitCode.Should().Be(0);

        (await File.ReadAllTextAsync(Path.Combine(fromFile, "tap-b-to-target-ok", "state.json"))).Should().Contain("tap-b");
        (await File.ReadAllTextAsync(Path.Combine(fromVariable, "tap-c-to-target-ok", "state.json"))).Should().Contain("tap-c");
        Directory.Exists(Path.Combine(_dir.Path, ".singer", "state")).Should().BeFalse();
    }

    [Fact]
    public async Task Capabilities_PropertiesOnly_GivenAsProperties_NoStateWithoutTheStateCapability()
    {
        WriteProject("");
        _dir.Script("tap-props", $"""
            if [ "$3" = "--discover" ]; then cat {RunDirectory.Quote(Path.Combine(_dir.Path, "catalog.json"))}; exit 0; fi
            echo "args: $1 $3 $5" >&2
            echo '{"{"}"type":"STATE","value":{"{"}"n":1{"}"}{"}"}'
            """);
        var yaml = (await File.ReadAllTextAsync(Project)).Replace("  loaders:", """
              - name: tap-props
                executable: ./tap-props
                capabilities: [properties, discover]
              loaders:
            """, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Project, yaml);

        var first = await RunAsync(null, "run", "tap-props", "target-ok", "--project", Project);
        var second = await RunAsync(null, "run", "tap-props", "target-ok", "--project", Project);

        first.ExitCode.Should().Be(0, first.Stderr);
        second.Stderr.Should().Contain("WARNING tap-props does not declare the state capability: it is run without --state")
            .And.Contain("state 'tap-props-to-target-ok': the tap is not given one (no state capability)");
        second.Stderr.Split('\n').Should().Contain("tap | args: --config --properties ", "no --state after the catalog, though a state is stored");
    }

    [Theory]
    [InlineData("run tap-x target-ok", "'tap-x' is not an extractor of")]
    [InlineData("run tap-a", "run needs EXTRACTOR LOADER (or --all)")]
    [InlineData("run tap-a target-ok --jobs 2", "--jobs and --shard go with --all")]
    [InlineData("run --all --shard 3/3", "--shard must be I/N with 0 <= I < N, got '3/3'")]
    [InlineData("run --all --state-id x", "run --all takes no EXTRACTOR LOADER and no --state-id")]
    public async Task BadUsage_OneLine_ExitTwo(string args, string error)
    {
        WriteProject("jobs: [{name: j, tasks: tap-a target-ok}]");

        var result = await RunAsync(null, [.. args.Split(' '), "--project", Project]);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain(error);
    }

    [Fact]
    public async Task IndexWithoutCount_IsAnError()
    {
        WriteProject("jobs: [{name: j, tasks: tap-a target-ok}]");

        var result = await RunAsync(new() { ["JOB_COMPLETION_INDEX"] = "0" }, "run", "--all", "--project", Project);

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("JOB_COMPLETION_INDEX and JOB_COMPLETION_COUNT go together");
    }
}
