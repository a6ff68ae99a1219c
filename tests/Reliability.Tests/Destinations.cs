namespace Reliability.Tests;

/// <summary>The targets every source is piped into, by executable name.</summary>
public static class Destinations
{
    public static IReadOnlyList<string> Names { get; } = ["target-postgres", "target-duckdb", "target-s3", "target-redshift"];

    public static async Task<Destination> CreateAsync(string target) => target switch
    {
        "target-postgres" => await WarehouseDestination.CreateAsync(new PostgresDatabase()),
        "target-duckdb" => await WarehouseDestination.CreateAsync(new DuckDbDatabase()),
        "target-s3" => await S3Destination.CreateAsync(),
        "target-redshift" => await WarehouseDestination.CreateRedshiftAsync(),
        _ => throw new ArgumentException($"no destination for {target}", nameof(target)),
    };
}
