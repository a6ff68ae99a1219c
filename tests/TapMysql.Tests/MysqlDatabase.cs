using System.Text.Json.Nodes;
using MySqlConnector;

namespace TapMysql.Tests;

/// <summary>A database of its own for one test, on the MariaDB of scripts/services.sh; dropped afterwards.</summary>
public sealed class MysqlDatabase : IAsyncLifetime
{
    public string Name { get; } = "t_" + Guid.NewGuid().ToString("N")[..12];

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "tapmysql-" + Guid.NewGuid().ToString("N")[..12]);

    public static string ConnectionString(string? database = null) => new MySqlConnectionStringBuilder
    {
        Server = ServiceEnvironment.MysqlHost,
        Port = (uint)ServiceEnvironment.MysqlPort,
        UserID = ServiceEnvironment.MysqlUser,
        Password = ServiceEnvironment.MysqlPassword,
        Database = database ?? "",
        AllowUserVariables = true,
        CharacterSet = "utf8mb4",
        Pooling = false,
    }.ConnectionString;

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        await using var connection = new MySqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"CREATE DATABASE `{Name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        await using var connection = new MySqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new MySqlCommand($"DROP DATABASE IF EXISTS `{Name}`", connection);
        await command.ExecuteNonQueryAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>Runs SQL (several statements allowed) in this database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new MySqlConnection(ConnectionString(Name));
        await connection.OpenAsync();
        await using var command = new MySqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Writes a tap-mysql config for this database (to <paramref name="name"/>); extra keys override.</summary>
    public string WriteConfig(JsonObject? extra = null, string name = "config.json")
    {
        var config = new JsonObject
        {
            ["host"] = ServiceEnvironment.MysqlHost,
            ["port"] = ServiceEnvironment.MysqlPort,
            ["user"] = ServiceEnvironment.MysqlUser,
            ["password"] = ServiceEnvironment.MysqlPassword,
            ["filter_dbs"] = Name,
        };
        foreach (var (key, value) in extra ?? [])
        {
            config[key] = value?.DeepClone();
        }
        return WriteFile(name, config.ToJsonString());
    }

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, content);
        return path;
    }
}
