namespace Reliability.Tests;

/// <summary>
/// A warehouse target loading into a scratch schema or file, deleting rows the source deleted: target-postgres,
/// target-duckdb, or target-redshift's stand-in on PostgreSQL with its staging bucket on s3rver.
/// </summary>
public sealed class WarehouseDestination : Destination
{
    private readonly WarehouseDatabase _database;
    private readonly string _target;
    private readonly JsonObject _config;
    private readonly S3TestBucket? _staging;

    private WarehouseDestination(WarehouseDatabase database, string target, JsonObject config, S3TestBucket? staging)
    {
        _database = database;
        _target = target;
        _config = config;
        _staging = staging;
    }

    public static async Task<WarehouseDestination> CreateAsync(WarehouseDatabase database)
    {
        await database.InitializeAsync();
        return new WarehouseDestination(database, database.Target, [], null);
    }

    /// <summary>target-postgres reaching the shared PostgreSQL through <paramref name="port"/> on loopback (a proxy).</summary>
    public static async Task<WarehouseDestination> CreatePostgresThroughAsync(int port)
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        return new WarehouseDestination(database, database.Target, new JsonObject { ["host"] = "127.0.0.1", ["port"] = port }, null);
    }

    /// <summary>target-redshift-standin (tests/RedshiftStandIn) into a PostgreSQL schema, staging in a bucket of its own.</summary>
    public static async Task<WarehouseDestination> CreateRedshiftAsync()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        var staging = await S3TestBucket.CreateAsync("faults-rs");
        var config = new JsonObject
        {
            ["s3_bucket"] = staging.Name,
            ["s3_endpoint_url"] = ServiceEnvironment.S3Endpoint,
            ["aws_access_key_id"] = ServiceEnvironment.S3AccessKey,
            ["aws_secret_access_key"] = ServiceEnvironment.S3SecretKey,
        };
        return new WarehouseDestination(database, "target-redshift-standin", config, staging);
    }

    public override string Name => _target;

    public override Command Target()
    {
        var config = _config.DeepClone().AsObject();
        config["batch_size_rows"] = BatchRows;
        config["hard_delete"] = true;
        return new Command(_target, ["--config", _database.WriteConfig(config)]);
    }

    public override async Task<List<Row>> RowsAsync()
    {
        var columns = new[] { "id", "rev", "amount", "note" }.Select(c => _database.Text($"\"{c}\""));
        var rows = await _database.TextRowsAsync($"SELECT {string.Join(", ", columns)} FROM {_database.Qualified(Table)}");
        return rows.Select(r => Row.Parse(r[0], r[1], r[2], r[3])).OrderBy(r => r.Id).ToList();
    }

    public override async Task<long> DuplicatesAsync()
    {
        var counts = await _database.TextRowsAsync($"SELECT {_database.Text("COUNT(*) - COUNT(DISTINCT id)")} FROM {_database.Qualified(Table)}");
        return long.Parse(counts.Single()[0]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    public override async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        if (_staging is not null)
        {
            await _staging.DisposeAsync();
        }
    }
}
