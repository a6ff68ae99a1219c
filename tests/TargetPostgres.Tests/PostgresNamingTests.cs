namespace TargetPostgres.Tests;

public sealed class PostgresNamingTests() : NamingTests(new PostgresDatabase())
{
    private const string Properties = """{"id": {"type": "integer"}, "name": {"type": ["null", "string"]}}""";

    private static SingerStream Users(int id) => new SingerStream().Schema("users", Properties, "id").Record("users", $$"""{"id": {{id}}, "name": "n{{id}}"}""");

    /// <summary>PostgreSQL keeps 63 bytes of a name: a longer schema would be created truncated and never found again by its full name.</summary>
    [Theory]
    [InlineData("default_target_schema", 57)]
    [InlineData("schema_mapping", 57)]
    [InlineData("default_target_schema", 0)]
    public async Task Load_TargetSchemaOver63Bytes_RefusedAtStartOnEveryRun(string key, int asciiPrefix)
    {
        // 70 bytes: ASCII, or 28 two-byte letters first (42 characters: under 63 of them, but not of bytes).
        var schema = Db.NewSchemaName(asciiPrefix > 0 ? new string('s', asciiPrefix) : new string('ß', 28) + "x");
        System.Text.Encoding.UTF8.GetByteCount(schema).Should().Be(70);
        var config = key == "default_target_schema"
            ? new JsonObject { ["default_target_schema"] = schema }
            : new JsonObject { ["schema_mapping"] = new JsonObject { ["db"] = new JsonObject { ["target_schema"] = schema } } };
        var stream = key == "default_target_schema" ? Users(1) : new SingerStream().Schema("db-users", Properties, "id").Record("db-users", """{"id": 1}""");

        var first = await Db.LoadAsync(stream, config);
        var second = await Db.LoadAsync(stream, config);

        foreach (var run in new[] { first, second })
        {
            run.ExitCode.Should().Be(2, run.Stderr);
            CriticalLines(run).Should().ContainSingle().Which.Should().Contain(key).And.Contain(schema).And.Contain("70 bytes").And.Contain("63");
        }
        (await Db.QueryAsync($"SELECT nspname FROM pg_namespace WHERE nspname LIKE '{schema[..10]}%'")).Should().BeEmpty();
    }

    [Fact]
    public async Task Load_StreamAndPropertyNamesOf70Bytes_TwoRunsInARowSucceed()
    {
        var streamName = "t" + new string('a', 69);
        var property = "c" + new string('b', 69);
        SingerStream Batch(int id) => new SingerStream()
            .Schema(streamName, $$$"""{"id": {"type": "integer"}, "{{{property}}}": {"type": ["null", "string"]}}""", "id")
            .Record(streamName, $$"""{"id": {{id}}, "{{property}}": "v{{id}}"}""");

        var first = await Db.LoadAsync(Batch(1));
        var second = await Db.LoadAsync(Batch(2));

        first.ExitCode.Should().Be(0, first.Stderr);
        second.ExitCode.Should().Be(0, second.Stderr);
        (await Db.RowsAsync(streamName[..63], "id", "id", property[..63])).Should().BeEquivalentTo(new[] { new[] { "1", "v1" }, new[] { "2", "v2" } }, o => o.WithStrictOrdering());
    }
}
