namespace TargetDuckDb.Tests;

/// <summary>
/// Numbers DuckDB would change without a word (Infinity, 0, dropped decimal places) are refused with one line naming
/// line, stream and field, exit 1, after the records before them are loaded and their state passed on.
/// </summary>
public sealed class DuckDbNumberLimitsTests : IAsyncLifetime
{
    private const string Properties = """
        {"id": {"type": "integer"}, "n": {"type": ["null", "number"]}, "m": {"type": ["null", "number"], "multipleOf": 0.01}}
        """;

    private readonly DuckDbDatabase _db = new();

    public Task InitializeAsync() => _db.InitializeAsync();

    public Task DisposeAsync() => _db.DisposeAsync();

    /// <summary>Two good records and a state, then <paramref name="bad"/> at the returned line, then one more good record.</summary>
    private static (SingerStream Stream, int BadLine) WithBadRecord(string bad)
    {
        var stream = new SingerStream().Schema("t", Properties, "id")
            .Record("t", """{"id": 1, "n": 1.5, "m": 1.25}""")
            .Record("t", """{"id": 2, "n": 2.5, "m": 2.50, "extra": 0}""") // "extra": built the ordinary way
            .State("""{"at": 2}""");
        var badLine = stream.NextLineNumber;
        stream.Record("t", bad).Record("t", """{"id": 4, "n": 4.5}""").State("""{"at": 4}""");
        return (stream, badLine);
    }

    private async Task RefusedAsync(string bad, string expected, JsonObject? config = null)
    {
        var (stream, badLine) = WithBadRecord(bad);

        var run = await _db.LoadAsync(stream, config);

        run.ExitCode.Should().Be(1, run.Stderr);
        run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("CRITICAL", StringComparison.Ordinal))
            .Should().Equal($"CRITICAL line {badLine}: stream 't': {expected}");
        run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Should().Equal("""{"at":2}""");
        (await _db.RowsAsync("t", "id", "id", "n", "m")).Should().BeEquivalentTo(
            new[] { new[] { "1", "1.5", "1.25" }, new[] { "2", "2.5", "2.50" } }, o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData("1e400", "1e400 does not fit DuckDB's DOUBLE (it would be Infinity)")]
    [InlineData("-1.5E+400", "-1.5e400 does not fit DuckDB's DOUBLE (it would be -Infinity)")]
    [InlineData("1e-400", "1e-400 does not fit DuckDB's DOUBLE (it would be 0)")]
    public async Task Load_NumberOutOfDoubleRange_RefusedNamingLineStreamFieldAfterEarlierRecords(string literal, string expected) =>
        await RefusedAsync($$"""{"id": 3, "n": {{literal}}}""", $"field 'n': {expected}");

    [Fact]
    public async Task Load_LongLiteralTooSmallForDouble_RefusedThoughItHasNoExponent()
    {
        // No exponent: the transcoder would take it as it is, were it not longer than a DOUBLE's literal limit.
        var literal = "0." + new string('0', 399) + "1";

        await RefusedAsync($$"""{"id": 3, "n": {{literal}}}""", "field 'n': 1e-400 does not fit DuckDB's DOUBLE (it would be 0)");
    }

    [Fact]
    public async Task Load_LongLiteralsWithinDoubleRange_LoadedTranscodedOrNot()
    {
        var tiny = "0." + new string('0', 300) + "15"; // beyond the transcoder's length: the ordinary path, and it fits
        var small = "-0." + new string('0', 200) + "25";
        var stream = new SingerStream().Schema("t", Properties, "id")
            .Record("t", $$"""{"id": 1, "n": {{tiny}}}""")
            .Record("t", $$"""{"id": 2, "n": {{small}}}""")
            .Record("t", """{"id": 3, "n": 1234567890123456789012345678.5}""");

        var run = await _db.LoadAsync(stream);

        run.ExitCode.Should().Be(0, run.Stderr);
        (await _db.RowsAsync("t", "id", "n")).Select(r => r[0]).Should().Equal("1.5e-301", "-2.5e-201", "1.2345678901234569e+27");
    }

    [Fact]
    public async Task Load_NumberTooWideForItsDecimal_RefusedWithoutPrintingItsDigits() =>
        await RefusedAsync(
            """{"id": 3, "m": 1e400}""", "field 'm': 1e400 does not fit its column DECIMAL(38,2): at most 36 digits before the point");

    [Theory]
    [InlineData("1.234", "1.234")]
    [InlineData("123456789012345678901234567890.125", "123456789012345678901234567890.125")]
    [InlineData("-0.001", "-0.001")]
    public async Task Load_MoreDecimalPlacesThanTheColumnKeepsWithoutValidation_Refused(string literal, string shown) =>
        await RefusedAsync(
            $$"""{"id": 3, "m": {{literal}}}""",
            $"field 'm': {shown} has more decimal places than its column DECIMAL(38,2) keeps (2); DuckDB would drop digits",
            new JsonObject { ["validate_records"] = false });

    [Fact]
    public async Task Load_TrailingZerosBeyondTheScaleWithoutValidation_LoadedExactly()
    {
        var stream = new SingerStream().Schema("t", Properties, "id")
            .Record("t", """{"id": 1, "m": 1.2300}""")
            .Record("t", """{"id": 2, "m": 123456789012345678901234567890.1000}""");

        var run = await _db.LoadAsync(stream, new JsonObject { ["validate_records"] = false });

        run.ExitCode.Should().Be(0, run.Stderr);
        (await _db.RowsAsync("t", "id", "m")).Select(r => r[0]).Should().Equal("1.23", "123456789012345678901234567890.10");
    }
}
