using Npgsql;

namespace TargetPostgres.Tests;

/// <summary>
/// A database of its own on the PostgreSQL of scripts/services.sh, for tests that change database-wide settings
/// (its time zone) or need a login role of their own (a connection limit); dropped afterwards with its role.
/// </summary>
public sealed class PostgresScratchDatabase : IAsyncDisposable
{
    private PostgresScratchDatabase(string name)
    {
        Name = name;
    }

    public string Name { get; }

    /// <summary>A login role made for this database (null until <see cref="CreateRoleAsync"/>).</summary>
    public string? Role { get; private set; }

    public const string RolePassword = "scratch-role-password";

    public static async Task<PostgresScratchDatabase> CreateAsync(string? timeZone = null)
    {
        var database = new PostgresScratchDatabase("scratch_" + Guid.NewGuid().ToString("N")[..12]);
        await ExecuteAsync(PostgresDatabase.ConnectionString, $"CREATE DATABASE \"{database.Name}\"");
        if (timeZone is not null)
        {
            await ExecuteAsync(PostgresDatabase.ConnectionString, $"ALTER DATABASE \"{database.Name}\" SET timezone TO '{timeZone}'");
        }
        return database;
    }

    /// <summary>A login role that owns this database and may open at most <paramref name="connectionLimit"/> sessions (not a superuser: the limit binds).</summary>
    public async Task<string> CreateRoleAsync(int connectionLimit)
    {
        Role = Name + "_role";
        await ExecuteAsync(PostgresDatabase.ConnectionString, $"CREATE ROLE \"{Role}\" LOGIN PASSWORD '{RolePassword}' CONNECTION LIMIT {connectionLimit}");
        await ExecuteAsync(PostgresDatabase.ConnectionString, $"ALTER DATABASE \"{Name}\" OWNER TO \"{Role}\"");
        return Role;
    }

    /// <summary>The superuser's connection to this database, in the database's own time zone unless <paramref name="timeZone"/> is given.</summary>
    public string ConnectionString(string? timeZone = "UTC") => new NpgsqlConnectionStringBuilder(PostgresDatabase.ConnectionString)
    {
        Database = Name,
        Timezone = timeZone,
    }.ConnectionString;

    /// <summary>Config keys that point a target at this database (as its role when one was made).</summary>
    public JsonObject Config(string schema) => Role is null
        ? new JsonObject { ["dbname"] = Name, ["default_target_schema"] = schema }
        : new JsonObject { ["dbname"] = Name, ["default_target_schema"] = schema, ["user"] = Role, ["password"] = RolePassword };

    /// <summary>Every row of a query whose columns are text.</summary>
    public async Task<List<string?[]>> TextRowsAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i) ? null : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture);
            }
            rows.Add(row);
        }
        return rows;
    }

    public Task ExecuteAsync(string sql) => ExecuteAsync(ConnectionString(), sql);

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await ExecuteAsync(PostgresDatabase.ConnectionString, $"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
        if (Role is not null)
        {
            await ExecuteAsync(PostgresDatabase.ConnectionString, $"DROP ROLE IF EXISTS \"{Role}\"");
        }
    }
}
