namespace TargetDuckDb.Tests;

public sealed class DuckDbPythonFixtureTests() : PythonFixtureTests(new DuckDbDatabase())
{
    [Fact]
    public async Task Load_PythonTypesFull_DoublesAsDouble()
    {
        await LoadTypesFullAsync();

        var rows = await Db.QueryAsync($"SELECT c_float, c_double FROM {Db.Qualified("types")} ORDER BY id");

        // Numbers without multipleOf are DOUBLE here, so the extremes are the doubles the tap printed.
        rows.Select(r => r[0]).Should().Equal(null, -1.5, 3.40282e+38);
        rows.Select(r => r[1]).Should().Equal(null, -double.MaxValue, double.MaxValue);
    }
}
