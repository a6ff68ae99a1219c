namespace TargetPostgres.Tests;

/// <summary>
/// The target's sessions run in UTC whatever the database's or the role's time zone, so a DATE widened to
/// TIMESTAMPTZ keeps midnight UTC instead of midnight in the server's zone.
/// </summary>
public sealed class PostgresSessionTimeZoneTests : IAsyncLifetime
{
    private readonly PostgresDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    [Theory]
    [InlineData("Pacific/Kiritimati")] // UTC+14
    [InlineData("America/New_York")]
    public async Task Load_DateWidenedToDateTimeInNonUtcDatabase_KeepsMidnightUtc(string zone)
    {
        await using var scratch = await PostgresScratchDatabase.CreateAsync(zone);
        var config = scratch.Config("tz");
        var first = await _db.LoadAsync(new SingerStream()
            .Schema("events", """{"id": {"type": "integer"}, "day": {"type": ["null", "string"], "format": "date"}}""", "id")
            .Record("events", """{"id": 1, "day": "2024-03-10"}"""), config);
        first.ExitCode.Should().Be(0, first.Stderr);

        var second = await _db.LoadAsync(new SingerStream()
            .Schema("events", """{"id": {"type": "integer"}, "day": {"type": ["null", "string"], "format": "date-time"}}""", "id")
            .Record("events", """{"id": 2, "day": "2024-03-11T06:30:00+00:00"}"""), config);

        second.ExitCode.Should().Be(0, second.Stderr);
        (await scratch.TextRowsAsync("SELECT data_type::text FROM information_schema.columns WHERE table_schema = 'tz' AND table_name = 'events' AND column_name = 'day'"))
            .Single().Should().Equal("timestamp with time zone");
        (await scratch.TextRowsAsync("SELECT id::text, day::text FROM tz.events ORDER BY id")).Should().BeEquivalentTo(
            new[] { new[] { "1", "2024-03-10 00:00:00+00" }, new[] { "2", "2024-03-11 06:30:00+00" } },
            o => o.WithStrictOrdering());
    }
}
