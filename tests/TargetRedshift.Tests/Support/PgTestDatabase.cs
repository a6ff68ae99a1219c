using Npgsql;
using SingerNet.Tests;

namespace TargetRedshift.Tests.Support;

/// <summary>
/// A fresh database on the local PostgreSQL standing in for Redshift, dropped afterwards. Two shims give it
/// the Redshift names the target's SQL uses: a SUPER type (a domain over JSONB) and GETDATE().
/// </summary>
internal sealed class PgTestDatabase : IAsyncDisposable
{
    private PgTestDatabase(string name)
    {
        Name = name;
    }

    public string Name { get; }

    public string ConnectionString => Builder(Name).ConnectionString;

    public static async Task<PgTestDatabase> CreateAsync()
    {
        var name = $"rs_test_{Guid.NewGuid():N}"[..24];
        await using (var admin = new NpgsqlConnection(Builder(ServiceEnvironment.PgDatabase).ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        var database = new PgTestDatabase(name);
        await database.ExecuteAsync(
            "CREATE DOMAIN super AS JSONB; " +
            "CREATE FUNCTION getdate() RETURNS TIMESTAMP LANGUAGE SQL AS $$ SELECT (now() AT TIME ZONE 'UTC')::TIMESTAMP $$");
        return database;
    }

    /// <summary>Config keys that point target-redshift at this database.</summary>
    public Dictionary<string, object?> ConnectionConfig() => new(StringComparer.Ordinal)
    {
        ["host"] = ServiceEnvironment.PgHost,
        ["port"] = (long)ServiceEnvironment.PgPort,
        ["user"] = ServiceEnvironment.PgUser,
        ["password"] = ServiceEnvironment.PgPassword,
        ["dbname"] = Name,
    };

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row of a query, each column as text (NULL as null), in the query's order.</summary>
    public async Task<List<string?[]>> QueryAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string?[]>();
        while (await reader.ReadAsync())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = await reader.IsDBNullAsync(i) ? null : reader.GetValue(i) is var v && v is IFormattable f ? f.ToString(null, System.Globalization.CultureInfo.InvariantCulture) : v.ToString();
            }
            rows.Add(row);
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Builder(ServiceEnvironment.PgDatabase).ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static NpgsqlConnectionStringBuilder Builder(string database) => new()
    {
        Host = ServiceEnvironment.PgHost,
        Port = ServiceEnvironment.PgPort,
        Username = ServiceEnvironment.PgUser,
        Password = ServiceEnvironment.PgPassword,
        Database = database,
        Pooling = false,
    };
}
