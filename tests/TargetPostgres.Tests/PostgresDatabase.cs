using Npgsql;

namespace TargetPostgres.Tests;

/// <summary>A schema of its own for one test on the PostgreSQL of scripts/services.sh; dropped afterwards with every other schema the test made.</summary>
public sealed class PostgresDatabase : WarehouseDatabase
{
    private readonly List<string> _schemas = [];

    public PostgresDatabase()
    {
        Schema = NewSchemaName("t");
    }

    public override string Target => "target-postgres";

    public override string Schema { get; }

    public override string BigIntType => "bigint";

    public override string TextType => "text";

    public override string TimestampType => "timestamp with time zone";

    // An unconstrained NUMERIC: every scale fits, so the scale is not part of the type.
    public override string DecimalType(int scale) => "numeric";

    /// <summary>Sessions in UTC, so timestamptz::text reads the same whatever the machine's zone.</summary>
    public static string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = ServiceEnvironment.PgHost,
        Port = ServiceEnvironment.PgPort,
        Username = ServiceEnvironment.PgUser,
        Password = ServiceEnvironment.PgPassword,
        Database = ServiceEnvironment.PgDatabase,
        Timezone = "UTC",
        Pooling = false,
    }.ConnectionString;

    public override string NewSchemaName(string prefix)
    {
        var name = prefix + "_" + Guid.NewGuid().ToString("N")[..12];
        _schemas.Add(name);
        return name;
    }

    protected override JsonObject ConnectionConfig() => new()
    {
        ["host"] = ServiceEnvironment.PgHost,
        ["port"] = ServiceEnvironment.PgPort,
        ["user"] = ServiceEnvironment.PgUser,
        ["password"] = ServiceEnvironment.PgPassword,
        ["dbname"] = ServiceEnvironment.PgDatabase,
        ["default_target_schema"] = Schema,
    };

    public override string Text(string expression) => $"({expression})::text";

    public override async Task<List<object?[]>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        return await ReadRowsAsync(reader);
    }

    public override async Task<Dictionary<string, string>> ColumnTypesAsync(string table, string? schema = null)
    {
        var rows = await QueryAsync(
            $"SELECT column_name::text, data_type::text FROM information_schema.columns WHERE table_schema = '{schema ?? Schema}' AND table_name = '{table}' ORDER BY ordinal_position");
        return rows.ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
    }

    public override async Task DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            foreach (var schema in _schemas)
            {
                await using var command = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
                await command.ExecuteNonQueryAsync();
            }
        }
        await base.DisposeAsync();
    }
}
