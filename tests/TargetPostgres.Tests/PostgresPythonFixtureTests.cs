namespace TargetPostgres.Tests;

public sealed class PostgresPythonFixtureTests() : PythonFixtureTests(new PostgresDatabase())
{
    [Fact]
    public async Task Load_PythonTypesFull_DoublesExactInNumeric()
    {
        await LoadTypesFullAsync();

        var rows = await Db.RowsAsync("types", "id", "c_float", "c_double");

        // Numbers without multipleOf are NUMERIC here: even 1.7976931348623157e+308 keeps its digits.
        rows.Should().BeEquivalentTo(new[]
        {
            new string?[] { null, null },
            new[] { "-1.5", "-17976931348623157" + new string('0', 292) },
            new[] { "340282" + new string('0', 33), "17976931348623157" + new string('0', 292) },
        }, o => o.WithStrictOrdering());
    }
}
