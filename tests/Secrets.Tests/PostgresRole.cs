using Npgsql;

namespace Secrets.Tests;

/// <summary>A login role of its own on the PostgreSQL of scripts/services.sh, with a probe secret as its password; dropped with what it owns.</summary>
public sealed class PostgresRole : IAsyncDisposable
{
    /// <summary>The advisory lock every role change of these tests holds (any fixed number no other test uses).</summary>
    private const long RolesLockKey = 0x5EC2E75;

    private PostgresRole(string name, string password)
    {
        Name = name;
        Password = password;
    }

    public string Name { get; }

    public string Password { get; }

    /// <summary>A schema name for the role's tables, dropped with the role.</summary>
    public string Schema { get; } = "sec_" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<PostgresRole> CreateAsync(SecretScan scan)
    {
        var role = new PostgresRole("sec_" + Guid.NewGuid().ToString("N")[..12], scan.New("pgpw"));
        await AdminAsync($"CREATE ROLE {role.Name} LOGIN PASSWORD '{role.Password}'", $"GRANT CREATE ON DATABASE \"{ServiceEnvironment.PgDatabase}\" TO {role.Name}");
        return role;
    }

    public async ValueTask DisposeAsync() =>
        await AdminAsync($"DROP SCHEMA IF EXISTS {Schema} CASCADE", $"DROP OWNED BY {Name} CASCADE", $"DROP ROLE IF EXISTS {Name}");

    /// <summary>
    /// Runs the statements in one transaction that first takes an advisory lock: GRANT ON DATABASE and DROP OWNED BY
    /// both rewrite the database's row in pg_database, and two test classes doing so at once fail with
    /// "tuple concurrently updated".
    /// </summary>
    private static async Task AdminAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
        {
            Host = ServiceEnvironment.PgHost,
            Port = ServiceEnvironment.PgPort,
            Username = ServiceEnvironment.PgUser,
            Password = ServiceEnvironment.PgPassword,
            Database = ServiceEnvironment.PgDatabase,
            Pooling = false,
        }.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var sql in statements.Prepend($"SELECT pg_advisory_xact_lock({RolesLockKey})"))
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }
}
