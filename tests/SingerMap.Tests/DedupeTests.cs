namespace SingerMap.Tests;

public sealed class DedupeTests
{
    private static readonly SingerStream Users = new SingerStream()
        .Schema("users", """{"id": {"type": "integer"}, "name": {"type": "string"}}""", "id")
        .Record("users", """{"id": 1, "name": "a"}""")
        .Record("users", """{"id": 2, "name": "b"}""")
        .State("""{"at": 1}""")
        .Record("users", """{"id": 1, "name": "c"}""")
        .State("""{"at": 2}""");

    [Fact]
    public async Task KeepFirst_DropsLaterRepeats_StatesPassAtOnce()
    {
        var result = await MapRun.RunAsync("""{"dedupe": {"users": {"keep": "first"}}}""", Users.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        MapRun.Summary(result.Stdout).Should().Equal(
            "SCHEMA users",
            """RECORD {"id":1,"name":"a"}""",
            """RECORD {"id":2,"name":"b"}""",
            """STATE {"at":1}""",
            """STATE {"at":2}""");
        result.Stderr.Should().Contain("stream 'users': 3 records in, 2 out, 0 rejected, 1 duplicates dropped");
    }

    [Fact]
    public async Task KeepLast_HoldsRecordsAndTheLatestStateUntilTheEnd_KeysInFirstSeenOrder()
    {
        var result = await MapRun.RunAsync("""{"dedupe": {"users": "last"}}""", Users.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        // The STATE {"at":1} covered record 1 "a", which is replaced by "c": sending it before "c" would let a target
        // commit a state whose records it never received, so only the last STATE goes out, after the records.
        MapRun.Summary(result.Stdout).Should().Equal(
            "SCHEMA users",
            """RECORD {"id":1,"name":"c"}""",
            """RECORD {"id":2,"name":"b"}""",
            """STATE {"at":2}""");
    }

    [Fact]
    public async Task KeepLast_RepeatedIdenticalSchema_KeepsHolding_ChangedSchemaReleasesFirst()
    {
        var input = new SingerStream()
            .Schema("users", """{"id": {"type": "integer"}}""", "id")
            .Record("users", """{"id": 1}""")
            .Schema("users", """{"id": {"type": "integer"}}""", "id")
            .Record("users", """{"id": 1}""")
            .Schema("users", """{"id": {"type": "integer"}, "x": {"type": "string"}}""", "id")
            .Record("users", """{"id": 1, "x": "new"}""");

        var result = await MapRun.RunAsync("""{"dedupe": {"users": "last"}}""", input.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        MapRun.Summary(result.Stdout).Should().Equal(
            "SCHEMA users",
            "SCHEMA users",
            """RECORD {"id":1}""",
            "SCHEMA users",
            """RECORD {"id":1,"x":"new"}""");
    }

    [Fact]
    public async Task KeepLast_ActivateVersionReleasesItsStreamFirst()
    {
        var input = new SingerStream()
            .Schema("users", """{"id": {"type": "integer"}}""", "id")
            .Record("users", """{"id": 1}""", version: 7)
            .Record("users", """{"id": 1}""", version: 7)
            .ActivateVersion("users", 7);

        var result = await MapRun.RunAsync("""{"dedupe": {"*": "last"}}""", input.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        MapRun.Summary(result.Stdout).Should().Equal("SCHEMA users", """RECORD {"id":1}""", "ACTIVATE_VERSION users");
    }

    [Fact]
    public async Task CompositeKeys_CompareByEveryPart_RecordsWithoutAKeyAreNeverDropped()
    {
        var input = new SingerStream()
            .Schema("t", """{"a": {"type": ["integer", "null"]}, "b": {"type": "string"}}""", "a", "b")
            .Record("t", """{"a": 1, "b": "x"}""")
            .Record("t", """{"a": 1, "b": "y"}""")
            .Record("t", """{"a": 1, "b": "x"}""")
            .Record("t", """{"a": null, "b": "x"}""")
            .Record("t", """{"a": null, "b": "x"}""");

        var result = await MapRun.RunAsync("""{"dedupe": {"t": "first"}}""", input.ToString());

        result.ExitCode.Should().Be(0, result.Stderr);
        MapRun.Summary(result.Stdout).Should().Equal(
            "SCHEMA t",
            """RECORD {"a":1,"b":"x"}""",
            """RECORD {"a":1,"b":"y"}""",
            """RECORD {"a":null,"b":"x"}""",
            """RECORD {"a":null,"b":"x"}""");
    }

    [Fact]
    public async Task NamedStreamWithoutKeyProperties_FailsNamingIt_GlobOnlyWarns()
    {
        var input = new SingerStream()
            .Schema("logs", """{"m": {"type": "string"}}""")
            .Record("logs", """{"m": "x"}""")
            .Record("logs", """{"m": "x"}""");

        var named = await MapRun.RunAsync("""{"dedupe": {"logs": "first"}}""", input.ToString());
        var globbed = await MapRun.RunAsync("""{"dedupe": {"l*": "first"}}""", input.ToString());

        named.ExitCode.Should().Be(1);
        named.Stderr.Should().Contain("line 1: stream 'logs': dedupe needs key properties and its SCHEMA has none");
        globbed.ExitCode.Should().Be(0, globbed.Stderr);
        globbed.Stderr.Should().Contain("stream 'logs' has no key properties (line 1); dedupe passes its records through");
        MapRun.Summary(globbed.Stdout).Should().HaveCount(3);
    }

    [Fact]
    public async Task WrongKeep_StopsAtStartUp()
    {
        var result = await MapRun.RunAsync("""{"dedupe": {"users": {"keep": "latest"}}}""", Users.ToString());

        result.ExitCode.Should().Be(2);
        result.Stderr.Should().Contain("dedupe: stream 'users': keep must be \"first\" or \"last\", not {\"keep\":\"latest\"}");
        result.Stdout.Should().BeEmpty();
    }
}
