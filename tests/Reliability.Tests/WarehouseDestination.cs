namespace Reliability.Tests;

/// <summary>target-postgres or target-duckdb loading into a scratch schema or file, deleting rows the source deleted.</summary>
public sealed class WarehouseDestination : Destination
{
    private readonly WarehouseDatabase _database;

    private WarehouseDestination(WarehouseDatabase database)
    {
        _database = database;
    }

    public static async Task<WarehouseDestination> CreateAsync(WarehouseDatabase database)
    {
        await database.InitializeAsync();
        return new WarehouseDestination(database);
    }

    public override string Name => _database.Target;

    public override Command Target() =>
        new(_database.Target, ["--config", _database.WriteConfig(new JsonObject { ["batch_size_rows"] = BatchRows, ["hard_delete"] = true })]);

    public override async Task<List<Row>> RowsAsync()
    {
        var columns = new[] { "id", "rev", "amount", "note" }.Select(c => _database.Text($"\"{c}\""));
        var rows = await _database.TextRowsAsync($"SELECT {string.Join(", ", columns)} FROM {_database.Qualified(Table)} ORDER BY id");
        return rows.Select(r => Row.Parse(r[0], r[1], r[2], r[3])).ToList();
    }

    public override async Task<long> DuplicatesAsync()
    {
        var counts = await _database.TextRowsAsync($"SELECT {_database.Text("COUNT(*) - COUNT(DISTINCT id)")} FROM {_database.Qualified(Table)}");
        return long.Parse(counts.Single()[0]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async ValueTask DisposeAsync() => await _database.DisposeAsync();
}
